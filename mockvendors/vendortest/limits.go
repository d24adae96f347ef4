package vendortest

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// LimitCase is one of the vendor's named limits (mockvendors.VendorLimits)
// as the suite trips it through Config.Limits: N pushes pass, the next one
// gets the vendor's answer, and after the limit's window one passes again;
// with the limit off the N+1st passes too.
type LimitCase struct {
	// Name is the limit's name.
	Name string
	// N is the number the case sets the limit to; 0 uses the documented
	// number.
	N int
	// Request adapts the suite's push to one the limit counts (a message
	// class, a category); nil keeps it.
	Request func(*protocol.PushRequest)
	// FreshClient makes every push through a new client, so that each one
	// authenticates (auth rate limits).
	FreshClient bool
	// Client, when set, builds the client the case pushes through instead
	// of the profile's (a vendor client in a mode the limit counts).
	Client func(baseURL string, hc *http.Client) protocol.Pusher
	// Dropped is set for limits the vendor enforces by accepting the
	// message and never delivering it (per-device daily caps): the suite
	// then looks for the vendor.drop event with the limit's reason.
	Dropped bool
}

// testNamedLimits runs every case of p.Limits, and checks that the cases
// cover every limit of the vendor.
func testNamedLimits(t *testing.T, p Profile) {
	covered := map[string]bool{}
	for _, c := range p.Limits {
		covered[c.Name] = true
		spec, ok := spec(p.Vendor, c.Name)
		if !ok {
			t.Errorf("case %s: %s has no such limit", c.Name, p.Vendor)
			continue
		}
		n := c.N
		if n == 0 {
			n = spec.Default
		}
		on := mockvendors.Limits{Set: map[string]mockvendors.LimitSetting{c.Name: {N: n}}}
		off := mockvendors.Limits{Set: map[string]mockvendors.LimitSetting{c.Name: {Off: true}}}
		t.Run(c.Name+"/trips_and_resets", func(t *testing.T) {
			bubble(t, p, withLimits(p.New, on), func(e *env) { tripLimit(e, c, spec, n) })
		})
		t.Run(c.Name+"/off", func(t *testing.T) {
			bubble(t, p, withLimits(p.New, off), func(e *env) {
				_, token := e.device("phone-1")
				for i := range n + 1 {
					if r, dropped := e.limitedPush(c, spec, token, i); r.Reason != protocol.ReasonNone || dropped {
						e.t.Fatalf("push %d with %s off = %+v (dropped %v), want accepted", i+1, c.Name, r, dropped)
					}
				}
			})
		})
	}
	for _, s := range mockvendors.VendorLimits[p.Vendor] {
		if !covered[s.Name] {
			t.Errorf("no LimitCase for %s limit %s", p.Vendor, s.Name)
		}
	}
}

func spec(v protocol.Vendor, name string) (mockvendors.LimitSpec, bool) {
	for _, s := range mockvendors.VendorLimits[v] {
		if s.Name == name {
			return s, true
		}
	}
	return mockvendors.LimitSpec{}, false
}

func withLimits(build func(mockvendors.Config) (mockvendors.Server, error), l mockvendors.Limits) func(mockvendors.Config) (mockvendors.Server, error) {
	return func(cfg mockvendors.Config) (mockvendors.Server, error) {
		cfg.Limits = l
		return build(cfg)
	}
}

// tripLimit: n pushes pass, the n+1st is refused (or dropped) with the
// limit's reason, and after the window a push passes again.
func tripLimit(e *env, c LimitCase, s mockvendors.LimitSpec, n int) {
	_, token := e.device("phone-1")
	for i := range n {
		if r, dropped := e.limitedPush(c, s, token, i); r.Reason != protocol.ReasonNone || dropped {
			e.t.Fatalf("push %d of %d = %+v (dropped %v), want accepted", i+1, n, r, dropped)
		}
	}
	r, dropped := e.limitedPush(c, s, token, n)
	switch {
	case c.Dropped && !dropped:
		e.t.Fatalf("push %d = %+v, want it accepted and dropped with %s", n+1, r, s.Reason)
	case !c.Dropped && r.Reason != s.Reason:
		e.t.Fatalf("push %d = %+v, want %s (%s)", n+1, r, s.Reason, s.Code)
	}
	wait := s.Span
	if wait == 0 {
		wait = 24 * time.Hour
	}
	time.Sleep(wait)
	if r, dropped := e.limitedPush(c, s, token, n+1); r.Reason != protocol.ReasonNone || dropped {
		e.t.Errorf("push after the %s window = %+v (dropped %v), want accepted", s.Window(), r, dropped)
	}
}

// limitedPush sends push i of a case and reports whether the vendor
// dropped it with the limit's reason.
func (e *env) limitedPush(c LimitCase, s mockvendors.LimitSpec, token string, i int) (protocol.PushResult, bool) {
	e.t.Helper()
	key := fmt.Sprintf("%s-%d", c.Name, i)
	req := protocol.PushRequest{
		MsgKey: key, Device: "d", Token: token, Cert: e.p.Certificate, Title: "Bob", Desc: "hi there " + key,
		Ext: ext(e.p.Certificate), Android: e.p.Android,
	}
	if c.Request != nil {
		c.Request(&req)
	}
	client := e.client
	switch {
	case c.Client != nil:
		client = c.Client(e.url, e.hc)
	case c.FreshClient:
		client = e.p.Client(e.url, e.hc)
	}
	before := len(e.drops(s.Reason))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := client.Push(ctx, req)
	synctest.Wait()
	return r, len(e.drops(s.Reason)) > before
}

// drops are the vendor.drop events recorded with reason.
func (e *env) drops(reason protocol.Reason) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == trace.VendorDrop && ev.Reason == reason })
}

// WithAndroid returns a LimitCase.Request that changes the push's
// AndroidInfo (a copy of it) with set.
func WithAndroid(set func(*protocol.AndroidInfo)) func(*protocol.PushRequest) {
	return func(r *protocol.PushRequest) {
		a := protocol.AndroidInfo{}
		if r.Android != nil {
			a = *r.Android
		}
		set(&a)
		r.Android = &a
	}
}
