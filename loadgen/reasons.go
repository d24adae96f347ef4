package loadgen

import (
	"context"
	"sync"
	"time"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// reasonPage is how many events one read of serve's trace takes.
const reasonPage = 10_000

// reasonPoll is how long the follower waits when it has read everything.
const reasonPoll = 200 * time.Millisecond

// reasonAt names one message on one phone.
type reasonAt struct{ key, device string }

// reasonFollower reads serve's trace while a remote run sends and settles,
// page after page from a cursor, for the events that say why a message
// did not reach a phone's tray (those with a reason: a route, a vendor
// answer, a drop) on this shard's phones. A run that overruns serve then
// still accounts for every message by its reason (push_queue_full, ...)
// rather than in flight, without a question per message afterwards.
type reasonFollower struct {
	api    *client.Client
	mine   func(device string) bool
	mu     sync.Mutex
	first  map[reasonAt]client.DeviceFate // the first reason seen for each
	after  int64                          // the cursor
	missed int64                          // events dropped by serve's retention before they were read
}

func newReasonFollower(api *client.Client, mine func(string) bool) *reasonFollower {
	return &reasonFollower{api: api, mine: mine, first: map[reasonAt]client.DeviceFate{}}
}

// run reads until ctx ends, then returns.
func (f *reasonFollower) run(ctx context.Context) {
	for ctx.Err() == nil {
		more, err := f.readPage(ctx)
		if err != nil || !more {
			t := time.NewTimer(reasonPoll)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
}

// catchUp reads every page there is now (the last read after the run's
// settle), within ctx.
func (f *reasonFollower) catchUp(ctx context.Context) {
	for ctx.Err() == nil {
		if more, err := f.readPage(ctx); err != nil || !more {
			return
		}
	}
}

// readPage reads one page and records its reasons; it reports whether
// more events are waiting.
func (f *reasonFollower) readPage(ctx context.Context) (bool, error) {
	f.mu.Lock()
	after := f.after
	f.mu.Unlock()
	p, err := f.api.TracePage(ctx, client.TraceFilter{Kinds: reasonKinds, Reasons: []string{trace.AnyReason}}, after, reasonPage)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		return false, err
	}
	if p.Dropped > after {
		f.missed += p.Dropped - after
	}
	for _, ev := range p.Events {
		if ev.Msg == "" || !f.mine(ev.Device) {
			continue
		}
		k := reasonAt{ev.Msg, ev.Device}
		if _, ok := f.first[k]; ok {
			continue
		}
		if ev.Reason == string(protocol.ReasonDeliveredOnline) {
			f.first[k] = client.DeviceFate{Outcome: harness.OutcomeOnline}
		} else {
			f.first[k] = client.DeviceFate{Outcome: harness.OutcomeNotDelivered, Reason: ev.Reason}
		}
	}
	f.after = max(p.Next, after)
	return p.More, nil
}

// fate is the first reason seen for the message key on the device.
func (f *reasonFollower) fate(key, device string) (client.DeviceFate, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.first[reasonAt{key, device}]
	return d, ok
}

// missedEvents is how many events serve dropped before they were read.
func (f *reasonFollower) missedEvents() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.missed
}

// count is how many (message, phone) pairs have a reason.
func (f *reasonFollower) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.first)
}
