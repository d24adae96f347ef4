package fakeim

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// gatePusher holds every push to the device "slow" until open is closed,
// and records the order pushes reached it.
type gatePusher struct {
	open chan struct{}
	mu   sync.Mutex
	seen []string // "device:body"
}

func (p *gatePusher) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	if req.Device == "slow" {
		select {
		case <-p.open:
		case <-ctx.Done():
			return protocol.PushResult{Code: "timeout", Reason: protocol.ReasonVendorError}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, req.Device+":"+req.Desc)
	return protocol.PushResult{Code: "200"}
}

func (p *gatePusher) order() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// killedOn logs user in on device, binds a token and kills the app.
func killedOn(e *env, device, user string) {
	d := e.dial(device)
	d.loginAs(user, "Android")
	d.bind(testCertID, "tok-"+device)
	d.kill()
}

// TestPushLanes: with several lanes a vendor call stuck for one device
// does not hold up another's, and each device keeps its send order; with
// one lane (the default) every later push waits.
func TestPushLanes(t *testing.T) {
	for _, lanes := range []int{1, 16} {
		t.Run(map[int]string{1: "one lane", 16: "16 lanes"}[lanes], func(t *testing.T) {
			gate := &gatePusher{}
			cfg := Config{PushLanes: lanes, Pushers: map[protocol.Vendor]protocol.Pusher{protocol.VendorMeizu: gate}}
			bubble(t, cfg, func(e *env) {
				gate.open = make(chan struct{}) // of the bubble, so blocking on it is durable
				e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
				for _, u := range []string{"alice", "bob"} {
					e.srv.ImportAccount(u)
				}
				killedOn(e, "slow", "alice")
				killedOn(e, "fast", "bob")
				e.send("alice", "a1", nil)
				e.send("alice", "a2", nil)
				e.send("bob", "b1", nil)
				e.send("bob", "b2", nil)
				synctest.Wait()
				got := gate.order()
				if lanes == 1 && len(got) != 0 {
					t.Fatalf("one lane: %v passed the stuck push", got)
				}
				if lanes > 1 && (len(got) != 2 || got[0] != "fast:b1" || got[1] != "fast:b2") {
					t.Fatalf("%d lanes: pushes reached the vendor as %v, want fast:b1, fast:b2", lanes, got)
				}
				close(gate.open)
				synctest.Wait()
				got = gate.order()
				var slow []string
				for _, s := range got {
					if s[:5] == "slow:" {
						slow = append(slow, s)
					}
				}
				if len(got) != 4 || len(slow) != 2 || slow[0] != "slow:a1" || slow[1] != "slow:a2" {
					t.Fatalf("pushes %v: want all four, each device's in send order", got)
				}
			})
		})
	}
}

// TestPushQueueBound: beyond MaxQueuedPushes a push is refused with
// push_queue_full, recorded, never lost silently.
func TestPushQueueBound(t *testing.T) {
	gate := &gatePusher{}
	cfg := Config{MaxQueuedPushes: 2, Pushers: map[protocol.Vendor]protocol.Pusher{protocol.VendorMeizu: gate}}
	bubble(t, cfg, func(e *env) {
		gate.open = make(chan struct{})
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		e.srv.ImportAccount("alice")
		killedOn(e, "slow", "alice")
		var keys []string
		for _, text := range []string{"m1", "m2", "m3", "m4"} {
			keys = append(keys, e.send("alice", text, nil))
		}
		synctest.Wait()
		full := 0
		for _, k := range keys {
			for _, ev := range e.trace.ForMessage(k) {
				if ev.Kind == trace.VendorResult && ev.Reason == protocol.ReasonPushQueueFull {
					full++
				}
			}
		}
		// m1 is at the vendor, m2 and m3 wait: m4 does not fit.
		if full != 1 {
			t.Fatalf("%d pushes refused as push_queue_full, want 1", full)
		}
		close(gate.open)
		synctest.Wait()
		if n := len(gate.order()); n != 3 {
			t.Fatalf("%d pushes reached the vendor, want 3", n)
		}
	})
}
