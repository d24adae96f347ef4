package trace_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pushsim/pushsim/trace"
)

func BenchmarkAddAndOrder(b *testing.B) {
	for b.Loop() {
		tr := trace.New(time.Unix(0, 0))
		for i := range 1000 {
			tr.Add(trace.Event{At: time.Unix(int64(i/10), 0), Component: "fakeim", Kind: trace.IMRoute,
				Msg: "k" + strconv.Itoa(i%7), Device: "d" + strconv.Itoa(i%3)})
		}
		if len(tr.Events()) != 1000 {
			b.Fatal("lost events")
		}
	}
}

// bigTrace is 80,000 events of 10,000 messages to 1,000 devices.
func bigTrace() *trace.Trace {
	tr := trace.New(time.Unix(0, 0))
	for i := range 80000 {
		tr.Add(trace.Event{At: time.Unix(int64(i/100), 0), Component: "fakeim", Kind: trace.IMRoute,
			Msg: "k" + strconv.Itoa(i%10000), Device: "d" + strconv.Itoa(i%1000)})
	}
	return tr
}

// BenchmarkOneMessage compares reading one message's events from the
// index with filtering the whole trace (what a why-not used to cost).
func BenchmarkOneMessage(b *testing.B) {
	tr := bigTrace()
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			if len(tr.ForMessage("k42")) != 8 {
				b.Fatal("wrong events")
			}
		}
	})
	b.Run("filter", func(b *testing.B) {
		for b.Loop() {
			if len(tr.Filter(func(e trace.Event) bool { return e.Msg == "k42" })) != 8 {
				b.Fatal("wrong events")
			}
		}
	})
}

// BenchmarkAddRetained is serve's pattern: a bounded trace (its default of
// 200,000 events), a new message every few events, each to one of 2,000
// devices, so every Add also drops the oldest event.
func BenchmarkAddRetained(b *testing.B) {
	tr := trace.New(time.Unix(0, 0))
	tr.SetRetention(trace.Retention{MaxEvents: 200_000})
	at := time.Unix(1, 0)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m := i / 5
		tr.Add(trace.Event{At: at, Component: "meizu", Kind: trace.VendorDeliver,
			Msg: "k" + strconv.Itoa(m), VendorMsgID: "v" + strconv.Itoa(m), Device: "d" + strconv.Itoa(m%2000)})
		i++
	}
}
