package trace_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/trace"
)

func TestSubscriptionGetsNewEventsWithLinkedKeys(t *testing.T) {
	tr := trace.New(time.Now())
	tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMSend, Msg: "k0"})
	sub := tr.Subscribe(8)
	defer sub.Cancel()
	tr.Link("v1", "k1")
	tr.Add(trace.Event{Component: "meizu", Kind: trace.VendorDeliver, VendorMsgID: "v1", Device: "a"})
	tr.Add(trace.Event{Component: "device", Kind: trace.DeviceNotify, Msg: "k2", Device: "a"})

	var got []string
	for range 2 {
		e := <-sub.Events()
		got = append(got, e.Msg+"/"+string(e.Kind))
	}
	if want := "k1/vendor.deliver k2/device.notify"; fmt.Sprint(got) != "["+want+"]" {
		t.Errorf("feed = %v, want [%s]", got, want)
	}
	past := sub.Past()
	if len(past) != 1 || past[0].Msg != "k0" {
		t.Errorf("Past() = %+v, want the one event before Subscribe (k0)", past)
	}
	if n := sub.Dropped(); n != 0 {
		t.Errorf("Dropped() = %d, want 0", n)
	}
}

// A subscriber that never reads must not hold up Add: its buffer fills,
// the rest is dropped and counted.
func TestSlowSubscriberDropsAndCounts(t *testing.T) {
	tr := trace.New(time.Now())
	slow := tr.Subscribe(3)
	defer slow.Cancel()
	const writers, each = 4, 250
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction, Device: fmt.Sprintf("d%d-%d", w, i)})
			}
		})
	}
	wg.Wait()
	if got, want := slow.Dropped(), uint64(writers*each-3); got != want {
		t.Errorf("Dropped() = %d, want %d", got, want)
	}
	if n := len(slow.Events()); n != 3 {
		t.Errorf("buffered = %d, want 3", n)
	}
	if n := tr.Len(); n != writers*each {
		t.Errorf("Len() = %d, want %d", n, writers*each)
	}
}

// Past and the feed together hold every event exactly once, even while
// events are added concurrently with Subscribe; Cancel closes the feed
// and is safe to repeat while writers go on.
func TestPastAndFeedCoverEveryEventOnce(t *testing.T) {
	tr := trace.New(time.Now())
	const total = 2000
	start := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-start
		for i := range total {
			tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction, Device: fmt.Sprint(i)})
		}
	})
	close(start)
	sub := tr.Subscribe(total)
	wg.Wait()

	seen := map[string]int{}
	for _, e := range sub.Past() {
		seen[e.Device]++
	}
	sub.Cancel()
	for e := range sub.Events() {
		seen[e.Device]++
	}
	sub.Cancel()
	if sub.Dropped() != 0 {
		t.Fatalf("Dropped() = %d with a buffer of %d", sub.Dropped(), total)
	}
	if len(seen) != total {
		t.Fatalf("saw %d distinct events, want %d", len(seen), total)
	}
	for d, n := range seen {
		if n != 1 {
			t.Fatalf("event %s seen %d times, want once", d, n)
		}
	}

	// After Cancel, Add goes on and the closed feed gets nothing.
	tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction})
	if _, ok := <-sub.Events(); ok {
		t.Error("feed delivered an event after Cancel")
	}
}

func TestCancelWhileAdding(t *testing.T) {
	tr := trace.New(time.Now())
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction})
			}
		}
	})
	for range 200 {
		sub := tr.Subscribe(1)
		wg.Go(sub.Cancel)
		for range sub.Events() {
		}
	}
	close(stop)
	wg.Wait()
}
