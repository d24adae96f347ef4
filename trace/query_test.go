package trace_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestParseQuery(t *testing.T) {
	start := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	ev := trace.Event{At: start.Add(2 * time.Second), Device: "a", Msg: "k", Kind: trace.VendorResult, Reason: protocol.ReasonPushQueueFull}
	plain := ev
	plain.Reason = ""
	for _, tc := range []struct {
		query string
		keeps bool
		err   string
		// keepsPlain is whether the query keeps the event without a reason
		keepsPlain bool
	}{
		{"", true, "", true},
		{"device=a&message=k", true, "", true},
		{"device=b", false, "", false},
		{"kind=vendor", true, "", true},
		{"kind=vendor.request,vendor.result", true, "", true},
		{"kind=vendor.request", false, "", false},
		{"kind=vend", false, "", false},
		{"since=2000", true, "", true},
		{"since=2001", false, "", false},
		{"since=2s", true, "", true},
		{"since=2026-01-02T15:04:08Z", false, "", false},
		{"since=-1", false, "negative", false},
		{"since=soon", false, "want milliseconds", false},
		{"devise=a", false, `unknown trace filter "devise"`, false},
		{"reason=*", true, "", false},
		{"reason=push_queue_full", true, "", false},
		{"reason=expired,push_queue_full&kind=vendor.result", true, "", false},
		{"reason=expired", false, "", false},
		{"reason=", true, "", true},
	} {
		q, _ := url.ParseQuery(tc.query)
		f, err := trace.ParseQuery(q, start)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.query, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.query, err)
			continue
		}
		if got := f.Match(ev); got != tc.keeps {
			t.Errorf("%q keeps the event: %v, want %v", tc.query, got, tc.keeps)
		}
		if got := f.Match(plain); got != tc.keepsPlain {
			t.Errorf("%q keeps the event without a reason: %v, want %v", tc.query, got, tc.keepsPlain)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "device=a", "kind=vendor,im.send&since=90s", "since=2026-01-02T15:04:05Z", "x=1"} {
		f.Add(s)
	}
	start := time.Unix(0, 0)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		if f, err := trace.ParseQuery(q, start); err == nil {
			f.Match(trace.Event{At: start, Kind: trace.IMSend})
		}
	})
}
