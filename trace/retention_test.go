package trace_test

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/pushsim/pushsim/trace"
)

// addMessages records n messages of three events each: the IM's send, the
// vendor's delivery (named by the vendor ID only, linked) and the device's
// notification, one second apart per message.
func addMessages(tr *trace.Trace, from, n int) {
	for i := from; i < from+n; i++ {
		at := time.Unix(int64(i), 0)
		k, v, d := fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i), fmt.Sprintf("d%d", i%3)
		tr.Add(trace.Event{At: at, Kind: trace.IMSend, Msg: k})
		tr.Link(v, k)
		tr.Add(trace.Event{At: at, Kind: trace.VendorDeliver, VendorMsgID: v, Device: d})
		tr.Add(trace.Event{At: at, Kind: trace.DeviceNotify, VendorMsgID: v, Device: d})
	}
}

func TestRetentionByCountKeepsIndexesConsistent(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 31})
	addMessages(tr, 0, 100)
	if n := tr.Len(); n != 31 {
		t.Fatalf("Len = %d, want 31", n)
	}
	if n := tr.Dropped(); n != 300-31 {
		t.Fatalf("Dropped = %d, want %d", n, 300-31)
	}
	evs := tr.Events()
	if evs[0].Kind != trace.DeviceNotify || evs[0].Msg != "k89" {
		t.Fatalf("oldest kept = %+v, want k89's notification", evs[0])
	}
	for _, k := range []string{"k0", "k88", "k89", "k90", "k99"} {
		want := tr.Filter(func(e trace.Event) bool { return e.Msg == k })
		if got := tr.ForMessage(k); !reflect.DeepEqual(got, want) {
			t.Errorf("ForMessage(%s) = %d events, want %d", k, len(got), len(want))
		}
	}
	for _, d := range []string{"d0", "d1", "d2"} {
		want := tr.Filter(func(e trace.Event) bool { return e.Device == d })
		if got := tr.ForDevice(d); !reflect.DeepEqual(got, want) {
			t.Errorf("ForDevice(%s) = %d events, want %d", d, len(got), len(want))
		}
	}
	if k := tr.MsgKeyOf("v0"); k != "" {
		t.Errorf("link of a dropped message kept: %q", k)
	}
	if k := tr.MsgKeyOf("v89"); k != "k89" {
		t.Errorf("link of a kept vendor message lost: %q", k)
	}
}

func TestRetentionByAge(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxAge: 10 * time.Second})
	addMessages(tr, 0, 50)
	for _, e := range tr.Events() {
		if e.At.Before(time.Unix(39, 0)) {
			t.Fatalf("kept %+v, older than 10 s before the newest", e)
		}
	}
	if n := tr.Len(); n != 11*3 {
		t.Fatalf("Len = %d, want %d", n, 11*3)
	}
}

func TestUnlimitedByDefault(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	addMessages(tr, 0, 1000)
	if tr.Len() != 3000 || tr.Dropped() != 0 {
		t.Fatalf("Len %d, Dropped %d: want every event kept", tr.Len(), tr.Dropped())
	}
}

func TestPagesCoverEveryEventOnceInOrder(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	addMessages(tr, 0, 10)
	var seqs []int64
	after := int64(0)
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		p := tr.Page(after, 7, nil)
		for _, r := range p.Events {
			seqs = append(seqs, r.Seq)
		}
		after = p.Next
		if !p.More {
			break
		}
	}
	if len(seqs) != 30 || seqs[0] != 1 || seqs[29] != 30 {
		t.Fatalf("paged seqs = %v, want 1..30", seqs)
	}
	for i := range seqs {
		if seqs[i] != int64(i+1) {
			t.Fatalf("paged seqs = %v, want 1..30", seqs)
		}
	}
	if p := tr.Page(after, 7, nil); len(p.Events) != 0 || p.More || p.Next != 30 {
		t.Fatalf("page after the end = %+v", p)
	}
	addMessages(tr, 10, 1)
	if p := tr.Page(after, 7, nil); len(p.Events) != 3 || p.Events[0].Seq != 31 || p.Events[0].Msg != "k10" {
		t.Fatalf("page of new events = %+v", p)
	}
}

func TestPageFiltersAndSkipsDropped(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 9})
	addMessages(tr, 0, 10)
	p := tr.Page(2, 2, func(e trace.Event) bool { return e.Kind == trace.DeviceNotify })
	if p.Dropped != 21 || len(p.Events) != 2 || p.Events[0].Seq != 24 || p.Events[0].Msg != "k7" || !p.More || p.Next != 27 {
		t.Fatalf("page = %+v", p)
	}
	p = tr.Page(p.Next, 2, func(e trace.Event) bool { return e.Kind == trace.DeviceNotify })
	if len(p.Events) != 1 || p.Events[0].Seq != 30 || p.More || p.Next != 30 {
		t.Fatalf("last page = %+v", p)
	}
}

func TestSubscriptionPastAfterDrops(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 5})
	addMessages(tr, 0, 4)
	s := tr.Subscribe(4)
	defer s.Cancel()
	addMessages(tr, 4, 1)
	if past := s.Past(); len(past) != 2 {
		t.Fatalf("Past = %d events, want the 2 recorded before that are still kept", len(past))
	}
}

func BenchmarkAddWithRetention(b *testing.B) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 1000})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tr.Add(trace.Event{At: time.Unix(int64(i), 0), Kind: trace.IMSend, Msg: fmt.Sprint("k", i%5000), Device: "d"})
	}
}

// BenchmarkAddPushPath records what one offline push records in serve
// (the IM's send, route and vendor request and result by message key, the
// vendor's accept and delivery and the device's notification by vendor
// ID), for messages to 2,000 devices, with serve's retention of 200,000
// events: ns/op is per message.
func BenchmarkAddPushPath(b *testing.B) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 200_000})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k, v, d := "k"+strconv.Itoa(i), "v"+strconv.Itoa(i), "load-"+strconv.Itoa(i%2000)
		at := time.Unix(0, int64(i))
		for _, kind := range []trace.Kind{trace.IMSend, trace.IMRoute, trace.VendorRequest, trace.VendorResult} {
			tr.Add(trace.Event{At: at, Kind: kind, Msg: k, Device: d})
		}
		tr.Link(v, k)
		for _, kind := range []trace.Kind{trace.VendorDeliver, trace.DeviceMessage, trace.DeviceNotify} {
			tr.Add(trace.Event{At: at, Kind: kind, VendorMsgID: v, Device: d})
		}
	}
}

// TestRetainedIndexesMatchAFilterOfTheEvents records a seeded stream of
// events over a few messages, vendor IDs and devices, each vendor ID
// linked to one message, with events interleaved across keys, and checks
// after each step that the indexes answer what filtering all held events
// answers.
func TestRetainedIndexesMatchAFilterOfTheEvents(t *testing.T) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 40})
	x := uint64(7)
	next := func(n int) int { x = x*6364136223846793005 + 1442695040888963407; return int(x>>33) % n }
	for step := range 3000 {
		m := next(12)
		k, v, d := "k"+strconv.Itoa(m), "v"+strconv.Itoa(m), "d"+strconv.Itoa(next(5))
		e := trace.Event{At: time.Unix(int64(step), 0), Kind: trace.IMRoute}
		switch next(4) {
		case 0:
			e.Msg = k
		case 1:
			e.Msg, e.Device = k, d
		case 2:
			tr.Link(v, k)
			e.VendorMsgID, e.Device = v, d
		default:
			e.Device = d
		}
		tr.Add(e)
		all := tr.Events()
		for i := range 12 {
			key := "k" + strconv.Itoa(i)
			var want []trace.Event
			for _, ev := range all {
				if ev.Msg == key {
					want = append(want, ev)
				}
			}
			if got := tr.ForMessage(key); !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d: ForMessage(%s) = %d events, want %d", step, key, len(got), len(want))
			}
		}
		for i := range 5 {
			dev := "d" + strconv.Itoa(i)
			var want []trace.Event
			for _, ev := range all {
				if ev.Device == dev {
					want = append(want, ev)
				}
			}
			if got := tr.ForDevice(dev); !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d: ForDevice(%s) = %d events, want %d", step, dev, len(got), len(want))
			}
		}
	}
}
