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
