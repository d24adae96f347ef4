package main

import (
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/loadgen"
)

// TestSustainedRow checks the row of a sustained run reads the right
// seconds of the curve: the ramps left out, a missing second counted as
// none, a decline visible in the thirds.
func TestSustainedRow(t *testing.T) {
	curve := func(notified ...int64) []loadgen.Second {
		out := make([]loadgen.Second, len(notified))
		for i, n := range notified {
			out[i] = loadgen.Second{Notified: n}
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		seconds  []loadgen.Second
		duration time.Duration
		value    string
		note     string
	}{
		{name: "flat", seconds: curve(5, 100, 100, 100, 100, 100, 100, 7), duration: 8 * time.Second,
			value: "median 100/s, lowest 100/s (100/s offered for 8s)", note: "first third 100/s, of the last 100/s"},
		{name: "decline", seconds: curve(5, 300, 300, 200, 200, 100, 100, 7), duration: 8 * time.Second,
			value: "median 200/s, lowest 100/s", note: "first third 300/s, of the last 100/s"},
		{name: "curve ends early", seconds: curve(5, 100, 100), duration: 8 * time.Second,
			value: "median 0/s, lowest 0/s", note: "first third 100/s, of the last 0/s"},
		{name: "too short", seconds: curve(5, 100), duration: 4 * time.Second, value: "not measured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := sustainedRow(loadgen.Report{Devices: 10, PerSecond: tc.seconds}, 100, tc.duration, "")
			if !strings.HasPrefix(row.Value, tc.value) {
				t.Errorf("value %q, want it to begin %q", row.Value, tc.value)
			}
			if !strings.Contains(row.Note, tc.note) {
				t.Errorf("note %q, want it to hold %q", row.Note, tc.note)
			}
		})
	}
}
