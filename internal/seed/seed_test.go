package seed_test

import (
	"sort"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

func TestStreamsDependOnNameAndRootOnly(t *testing.T) {
	a := seed.Root(7).Stream("meizu", "latency", "m1").Uint64()
	b := seed.Root(7).Stream("meizu", "latency", "m1").Uint64()
	c := seed.Root(7).Stream("meizu", "latency", "m2").Uint64()
	d := seed.Root(8).Stream("meizu", "latency", "m1").Uint64()
	if a != b || a == c || a == d {
		t.Errorf("streams: same %v/%v, other name %v, other root %v", a, b, c, d)
	}
	// Joining must not be ambiguous: ("ab","c") differs from ("a","bc").
	if seed.Root(1).Hex(16, "ab", "c") == seed.Root(1).Hex(16, "a", "bc") {
		t.Error("Hex name parts are ambiguous")
	}
	if h := seed.Root(1).Hex(100, "x"); len(h) != 100 {
		t.Errorf("Hex(100) has %d chars", len(h))
	}
}

func TestLatencyDistribution(t *testing.T) {
	l := seed.Latency{Median: 800 * time.Millisecond, P99: 5 * time.Second}
	var ds []time.Duration
	for i := range 2000 {
		ds = append(ds, l.Draw(seed.Root(3), "x", string(rune(i))))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	median, p99 := ds[len(ds)/2], ds[len(ds)*99/100]
	if median < 700*time.Millisecond || median > 900*time.Millisecond {
		t.Errorf("median = %v, want about 800ms", median)
	}
	if p99 < 4*time.Second || p99 > 6*time.Second {
		t.Errorf("p99 = %v, want about 5s", p99)
	}
	if got := (seed.Latency{}).Draw(seed.Root(1), "x"); got != seed.MinLatency {
		t.Errorf("zero latency draws %v, want MinLatency", got)
	}
}

func TestChanceAndDuration(t *testing.T) {
	if seed.Root(1).Chance(0, "x") || !seed.Root(1).Chance(1, "x") {
		t.Error("Chance(0) or Chance(1) wrong")
	}
	hits := 0
	for i := range 1000 {
		if seed.Root(1).Chance(0.25, "drop", string(rune(i))) {
			hits++
		}
	}
	if hits < 200 || hits > 300 {
		t.Errorf("Chance(0.25) hit %d of 1000", hits)
	}
	for i := range 100 {
		if d := seed.Root(2).Duration(10*time.Minute, "act", string(rune(i))); d < 0 || d >= 10*time.Minute {
			t.Fatalf("Duration out of range: %v", d)
		}
	}
}
