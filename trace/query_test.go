package trace_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/trace"
)

func TestParseQuery(t *testing.T) {
	start := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	ev := trace.Event{At: start.Add(2 * time.Second), Device: "a", Msg: "k", Kind: trace.VendorResult}
	for _, tc := range []struct {
		query string
		keeps bool
		err   string
	}{
		{"", true, ""},
		{"device=a&message=k", true, ""},
		{"device=b", false, ""},
		{"kind=vendor", true, ""},
		{"kind=vendor.request,vendor.result", true, ""},
		{"kind=vendor.request", false, ""},
		{"kind=vend", false, ""},
		{"since=2000", true, ""},
		{"since=2001", false, ""},
		{"since=2s", true, ""},
		{"since=2026-01-02T15:04:08Z", false, ""},
		{"since=-1", false, "negative"},
		{"since=soon", false, "want milliseconds"},
		{"devise=a", false, `unknown trace filter "devise"`},
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
