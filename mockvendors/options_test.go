package mockvendors_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestOptionChecks(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		ok   bool
	}{
		{"limit", mockvendors.Limit{N: 5, Span: time.Minute}.Check("WithX"), true},
		{"limit off", mockvendors.Limit{}.Check("WithX"), true},
		{"negative limit", mockvendors.Limit{N: -1, Span: time.Minute}.Check("WithX"), false},
		{"limit without a window", mockvendors.Limit{N: 1}.Check("WithX"), false},
		{"keepalive", mockvendors.Keepalive{Ping: time.Second, Wait: time.Minute}.Check(), true},
		{"keepalive wait below ping", mockvendors.Keepalive{Ping: time.Minute, Wait: time.Second}.Check(), false},
		{"keepalive without ping", mockvendors.Keepalive{Wait: time.Minute}.Check(), false},
		{"interval", mockvendors.CheckInterval("WithX", time.Second), true},
		{"zero interval", mockvendors.CheckInterval("WithX", 0), false},
		{"count", mockvendors.CheckCount("WithX", "cap", 0), true},
		{"negative count", mockvendors.CheckCount("WithX", "cap", -1), false},
		{"size", mockvendors.CheckAtLeastOne("WithX", 1), true},
		{"zero size", mockvendors.CheckAtLeastOne("WithX", 0), false},
	} {
		if (tc.err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.name, tc.err, tc.ok)
		}
		if tc.err != nil && !strings.HasPrefix(tc.err.Error(), "WithX: ") && !strings.HasPrefix(tc.err.Error(), "WithKeepalive: ") {
			t.Errorf("%s: %q does not name the option", tc.name, tc.err)
		}
	}
	w := mockvendors.Limit{N: 1, Span: time.Minute}.Window()
	now := time.Now()
	if !w.Allow("k", now) || w.Allow("k", now) || !w.Allow("k", now.Add(time.Minute)) {
		t.Error("Limit.Window does not enforce the limit")
	}
}
