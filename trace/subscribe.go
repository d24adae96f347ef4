package trace

import (
	"sync"
	"sync/atomic"
)

// Subscription is a live feed of the events a trace records after
// Subscribe. Its buffer is bounded: when the subscriber falls behind and
// the buffer is full, Add drops the event for this subscriber and counts
// it in Dropped, so a slow reader never holds up the components that
// record events.
type Subscription struct {
	t       *Trace
	c       chan Event
	before  int // events recorded before the subscription began
	dropped atomic.Uint64
	once    sync.Once
}

// Subscribe starts a subscription whose buffer holds buf events (at least
// one). Events arrive in the order they were added (which in real time is
// their time order), with the IM message key filled in from Link as known
// at that moment. Call Cancel when done.
func (t *Trace) Subscribe(buf int) *Subscription {
	if buf < 1 {
		buf = 1
	}
	s := &Subscription{t: t, c: make(chan Event, buf)}
	t.mu.Lock()
	defer t.mu.Unlock()
	s.before = t.base + t.events.len()
	if t.subs == nil {
		t.subs = map[*Subscription]struct{}{}
	}
	t.subs[s] = struct{}{}
	return s
}

// publish hands e to every subscriber without blocking. t.mu is held.
func (t *Trace) publish(e Event) {
	if len(t.subs) == 0 {
		return
	}
	if e.Msg == "" && e.VendorMsgID != "" {
		e.Msg = t.links[e.VendorMsgID]
	}
	for s := range t.subs {
		select {
		case s.c <- e:
		default:
			s.dropped.Add(1)
		}
	}
}

// Events is the feed. It is closed by Cancel.
func (s *Subscription) Events() <-chan Event { return s.c }

// Dropped is how many events this subscriber missed because its buffer
// was full.
func (s *Subscription) Dropped() uint64 { return s.dropped.Load() }

// Past returns the events recorded before the subscription began, in
// canonical order (as Trace.Events): together with the feed, every event
// exactly once, unless some were dropped.
func (s *Subscription) Past() []Event { return s.t.firstEvents(s.before) }

// Cancel ends the subscription and closes its feed. It is safe to call
// more than once and from any goroutine.
func (s *Subscription) Cancel() {
	s.once.Do(func() {
		s.t.mu.Lock()
		delete(s.t.subs, s)
		close(s.c)
		s.t.mu.Unlock()
	})
}
