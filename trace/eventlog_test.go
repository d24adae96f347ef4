package trace

import (
	"math/rand/v2"
	"testing"
)

// TestEventLogAsSlice drives an eventLog and a plain slice through the
// same seeded pushes and pops, across chunk boundaries and empty logs.
func TestEventLogAsSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var l eventLog
	var model []Event
	for step := range 20 * chunkEvents {
		if len(model) > 0 && rng.IntN(5) < 2 {
			if got, want := l.popFront(), model[0]; got.seq != want.seq {
				t.Fatalf("step %d: popped %d, want %d", step, got.seq, want.seq)
			}
			model = model[1:]
		} else {
			e := Event{seq: step}
			l.push(slot{Event: e})
			model = append(model, e)
		}
		if l.len() != len(model) {
			t.Fatalf("step %d: len %d, want %d", step, l.len(), len(model))
		}
		if len(model) > 0 && (l.at(0).seq != model[0].seq || l.last().seq != model[len(model)-1].seq) {
			t.Fatalf("step %d: ends %d..%d, want %d..%d", step, l.at(0).seq, l.last().seq, model[0].seq, model[len(model)-1].seq)
		}
		if step%997 == 0 {
			out := make([]Event, len(model))
			l.head(out)
			for i := range out {
				if out[i].seq != model[i].seq {
					t.Fatalf("step %d: head[%d] = %d, want %d", step, i, out[i].seq, model[i].seq)
				}
			}
		}
	}
	for len(model) > 0 {
		l.popFront()
		model = model[1:]
	}
	if l.len() != 0 || l.chunks != nil {
		t.Fatalf("emptied log keeps %d events in %d chunks", l.len(), len(l.chunks))
	}
}

// TestEventLogFreesDroppedChunks checks that a log kept at a bounded
// length holds a bounded number of chunks.
func TestEventLogFreesDroppedChunks(t *testing.T) {
	var l eventLog
	for i := range 10 * chunkEvents {
		l.push(slot{Event: Event{seq: i}})
		if l.len() > chunkEvents {
			l.popFront()
		}
	}
	if len(l.chunks) > 2 {
		t.Fatalf("%d chunks for %d events", len(l.chunks), l.len())
	}
}

// TestEventLogAtABoundReusesItsChunks checks that a log kept at a bounded
// length allocates nothing once it has filled: the chunk its oldest
// events empty becomes its next.
func TestEventLogAtABoundReusesItsChunks(t *testing.T) {
	var l eventLog
	for i := range 3 * chunkEvents {
		l.push(slot{Event: Event{seq: i}})
		if l.len() > chunkEvents {
			l.popFront()
		}
	}
	i := 3 * chunkEvents
	// One run of many pushes: AllocsPerRun divides whole numbers.
	allocs := testing.AllocsPerRun(1, func() {
		for range 4 * chunkEvents {
			l.push(slot{Event: Event{seq: i}})
			l.popFront()
			i++
		}
	})
	if allocs != 0 {
		t.Errorf("%.0f allocations over %d pushes and pops at the bound, want 0", allocs, 4*chunkEvents)
	}
	if l.at(0).seq != i-chunkEvents || l.last().seq != i-1 {
		t.Errorf("holds %d..%d, want %d..%d", l.at(0).seq, l.last().seq, i-chunkEvents, i-1)
	}
}
