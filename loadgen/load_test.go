package loadgen_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fleet"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/loadgen"
)

func mixed(t *testing.T) []fleet.Share {
	t.Helper()
	b, err := fleet.ParseBrands("meizu=0.2,xiaomi=0.3,huawei=0.1,honor=0.1,oppo=0.1,vivo=0.1,google=0.05,apple=0.05")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runVirtual runs a load in a virtual-time bubble of its own.
func runVirtual(t *testing.T, o loadgen.Options) *loadgen.Report {
	t.Helper()
	var r *loadgen.Report
	var err error
	harness.RunVirtual(t, func(ctx context.Context) { r, err = loadgen.Run(ctx, o) })
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// counts is the part of a report a seed decides: no wall time or RSS.
func counts(t *testing.T, r *loadgen.Report) string {
	t.Helper()
	c := *r
	c.WallMS, c.PeakRSSBytes, c.RatePerS = 0, 0, 0
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEveryMessageAccountedAndNotified(t *testing.T) {
	o := loadgen.Options{Devices: 120, Brands: mixed(t), Target: loadgen.TargetVirtual, Seed: 5}
	r := runVirtual(t, o)
	if err := r.Accounted(); err != nil {
		t.Fatal(err)
	}
	if r.Sent != 120 || r.Notified != 120 {
		t.Fatalf("sent %d, notified %d, not delivered %v: want 120 of 120 notified", r.Sent, r.Notified, r.NotDelivered)
	}
	var n int64
	for v, h := range r.Histograms {
		n += h.Count()
		if p := r.LatencyMS[v]; p.P50 <= 0 || p.P50 > p.P95 || p.P95 > p.P99 {
			t.Errorf("%s latency %+v: want 0 < p50 <= p95 <= p99", v, p)
		}
	}
	if n != r.Notified || len(r.Histograms) != 8 {
		t.Errorf("histograms of %d vendors hold %d latencies, want 8 vendors and %d", len(r.Histograms), n, r.Notified)
	}
	if again := runVirtual(t, o); counts(t, again) != counts(t, r) {
		t.Errorf("the same seed gave another report:\n%s\n%s", counts(t, r), counts(t, again))
	}
}

// Phones that cannot show a notification are counted under their reason.
func TestUndeliveredCountedByReason(t *testing.T) {
	// Two messages a second for 30 s to 3 phones: 20 each in half a
	// minute, more than Meizu shows per phone and minute.
	r := runVirtual(t, loadgen.Options{Devices: 3, Rate: 2, Duration: 30 * time.Second, Target: loadgen.TargetVirtual, Seed: 1})
	if err := r.Accounted(); err != nil {
		t.Fatal(err)
	}
	if r.Sent != 60 || r.Notified == 60 || r.NotDelivered["vendor_folded"] == 0 {
		t.Errorf("sent %d, notified %d, not delivered %v: want 60 sent, some folded by Meizu", r.Sent, r.Notified, r.NotDelivered)
	}
	if r.SimMS < 29_000 {
		t.Errorf("simulated %d ms, want the 30 s the rate spreads the sends over", r.SimMS)
	}
}

func TestOptionsRefused(t *testing.T) {
	for _, o := range []loadgen.Options{
		{Devices: 0},
		{Devices: 10, Rate: 5},
		{Devices: 10, Rate: 5, Duration: time.Second, Messages: 3},
		{Devices: 10, Target: "ftp://x"},
		{Devices: 10, Shard: 2, Shards: 2},
	} {
		if _, err := loadgen.Run(context.Background(), o); err == nil {
			t.Errorf("%+v was accepted", o)
		}
	}
}

// A real-time run in process draws its rate curve: the seconds add up to
// what was sent and notified, and the sends spread over the duration.
func TestEmbeddedRunDrawsItsRateCurve(t *testing.T) {
	r, err := loadgen.Run(t.Context(), loadgen.Options{Devices: 4, Rate: 20, Duration: 2 * time.Second, Target: loadgen.TargetEmbedded, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sent, notified int64
	for _, s := range r.PerSecond {
		sent += s.Sent
		notified += s.Notified
	}
	if r.Sent != 40 || sent != r.Sent || notified != r.Notified {
		t.Errorf("report: %d sent, %d notified; curve: %d sent, %d notified (%+v)", r.Sent, r.Notified, sent, notified, r.PerSecond)
	}
	if len(r.PerSecond) < 2 || r.PerSecond[0].Sent == 0 || r.PerSecond[1].Sent == 0 {
		t.Errorf("20 a second for 2 s went out in %+v, want both seconds", r.PerSecond)
	}
}
