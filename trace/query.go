package trace

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Query selects events, as the filters of pushsim's trace routes read;
// its zero value selects all of them.
type Query struct {
	// Device keeps the events of one device.
	Device string
	// Message keeps the events of one IM message key.
	Message string
	// Kinds keeps events of these kinds. An entry without a dot ("vendor")
	// keeps every kind of that family ("vendor.request", "vendor.result", ...).
	Kinds []string
	// Since keeps events at or after this moment (zero: all).
	Since time.Time
	// Reasons keeps events with one of these reason codes; AnyReason
	// keeps every event that has a reason.
	Reasons []string
}

// AnyReason, as a Query reason, keeps every event that names a reason.
const AnyReason = "*"

// QueryKeys are the query parameters ParseQuery knows.
var QueryKeys = []string{"device", "message", "kind", "since", "reason"}

// ParseQuery reads a Query from URL parameters: device, message, kind
// (comma-separated; a family such as "vendor" takes every vendor.* kind),
// reason (comma-separated reason codes, or * for any reason) and since. since is either a moment in RFC 3339 (the events' "at"), or
// the time elapsed since start: a whole number of milliseconds (the
// events' "t_ms") or a Go duration such as 90s or 2m30s. An unknown
// parameter is an error, so a misspelt filter never passes everything.
func ParseQuery(q url.Values, start time.Time) (Query, error) {
	for k := range q {
		if !slices.Contains(QueryKeys, k) {
			return Query{}, fmt.Errorf("unknown trace filter %q (use %s)", k, strings.Join(QueryKeys, ", "))
		}
	}
	f := Query{Device: q.Get("device"), Message: q.Get("message")}
	f.Kinds = commaList(q.Get("kind"))
	f.Reasons = commaList(q.Get("reason"))
	if s := q.Get("since"); s != "" {
		t, err := parseSince(s, start)
		if err != nil {
			return Query{}, err
		}
		f.Since = t
	}
	return f, nil
}

// commaList splits a comma-separated parameter, dropping empty entries.
func commaList(s string) []string {
	var out []string
	for k := range strings.SplitSeq(s, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// parseSince reads since: milliseconds or a duration since start, or an
// RFC 3339 time.
func parseSince(s string, start time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		if ms < 0 {
			return time.Time{}, fmt.Errorf("since %q: negative", s)
		}
		return start.Add(time.Duration(ms) * time.Millisecond), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, fmt.Errorf("since %q: negative", s)
		}
		return start.Add(d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("since %q: want milliseconds since the start (1500), a duration since the start (90s) or an RFC 3339 time (2026-01-02T15:04:05Z)", s)
}

// Match reports whether the query keeps ev.
func (f Query) Match(ev Event) bool {
	switch {
	case f.Device != "" && ev.Device != f.Device:
		return false
	case f.Message != "" && ev.Msg != f.Message:
		return false
	case !f.Since.IsZero() && ev.At.Before(f.Since):
		return false
	case len(f.Reasons) > 0 && !f.reasonKept(ev.Reason):
		return false
	}
	if len(f.Kinds) == 0 {
		return true
	}
	for _, k := range f.Kinds {
		if string(ev.Kind) == k || (!strings.Contains(k, ".") && strings.HasPrefix(string(ev.Kind), k+".")) {
			return true
		}
	}
	return false
}

// reasonKept reports whether the reason filter keeps an event with reason r.
func (f Query) reasonKept(r protocol.Reason) bool {
	if r == "" {
		return false
	}
	return slices.Contains(f.Reasons, AnyReason) || slices.Contains(f.Reasons, string(r))
}
