package loadgen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReportFile is the name of the report in a report folder.
const ReportFile = "load.json"

// Percentiles are a vendor's latency percentiles in milliseconds.
type Percentiles struct {
	P50 int64 `json:"p50"`
	P95 int64 `json:"p95"`
	P99 int64 `json:"p99"`
}

// Report is load.json: what a load run (or a merge of shards) sent and
// what became of every message. Sent = Notified + Online + the sum of
// NotDelivered, always.
type Report struct {
	// Devices is how many phones this run held (its shard of the fleet);
	// FleetDevices is the whole fleet.
	Devices      int `json:"devices"`
	FleetDevices int `json:"fleet_devices"`
	// Shard is "i/N"; a merge lists the shards it joined in Shards.
	Shard  string   `json:"shard"`
	Shards []string `json:"shards,omitempty"`
	Seed   uint64   `json:"seed"`
	Target string   `json:"target"`
	// WallMS is the run's wall time (a merge: the longest shard's).
	WallMS int64 `json:"wall_ms"`
	// PeakRSSBytes is the process's peak resident set (a merge: the
	// largest shard's).
	PeakRSSBytes int64 `json:"peak_rss_bytes"`
	// SimMS is the simulated time covered, in virtual time.
	SimMS int64 `json:"sim_ms,omitempty"`
	Sent  int64 `json:"sent"`
	// Notified reached the tray; Online arrived on the IM socket.
	Notified int64 `json:"notified"`
	Online   int64 `json:"online"`
	// NotDelivered counts the rest by reason code; in_flight is a
	// message whose push was still under way when the run stopped waiting.
	NotDelivered map[string]int64 `json:"not_delivered"`
	// TraceMissed, in a run against serve, counts the events serve's
	// bounded trace dropped before the run read them: messages whose
	// reason was among them count in_flight.
	TraceMissed int64 `json:"trace_missed,omitempty"`
	// RatePerS is messages sent per wall second.
	RatePerS float64 `json:"rate_per_s"`
	// LatencyMS are the notified messages' latency percentiles per vendor,
	// computed from Histograms.
	LatencyMS  map[string]Percentiles `json:"latency_ms"`
	Histograms map[string]*Histogram  `json:"histograms"`
	// PerSecond is the rate curve of a real-time run (against a served
	// environment, or embedded): entry s counts the messages sent, and the notifications that
	// appeared, in second s after the first send (a merge adds the
	// shards' curves second by second).
	PerSecond []Second `json:"per_second,omitempty"`
}

// Second is one second of a rate curve.
type Second struct {
	Sent     int64 `json:"sent"`
	Notified int64 `json:"notified"`
}

// maxSeconds bounds a rate curve: a later second counts in the last.
const maxSeconds = 24 * 3600

// perSecond is second s of the curve, grown as needed.
func (r *Report) perSecond(s int) *Second {
	s = min(max(s, 0), maxSeconds-1)
	for len(r.PerSecond) <= s {
		r.PerSecond = append(r.PerSecond, Second{})
	}
	return &r.PerSecond[s]
}

// ReasonInFlight counts messages still under way when the wait ended.
const ReasonInFlight = "in_flight"

func newReport() *Report {
	return &Report{NotDelivered: map[string]int64{}, LatencyMS: map[string]Percentiles{}, Histograms: map[string]*Histogram{}}
}

// addLatency counts a notified message's latency for its vendor.
func (r *Report) addLatency(vendor string, ms int64) {
	h := r.Histograms[vendor]
	if h == nil {
		h = &Histogram{}
		r.Histograms[vendor] = h
	}
	h.Add(ms)
}

// finish computes the percentiles and the rate.
func (r *Report) finish() {
	r.LatencyMS = map[string]Percentiles{}
	for v, h := range r.Histograms {
		r.LatencyMS[v] = Percentiles{P50: h.Quantile(0.50), P95: h.Quantile(0.95), P99: h.Quantile(0.99)}
	}
	r.RatePerS = 0
	if r.WallMS > 0 {
		r.RatePerS = float64(r.Sent) / (float64(r.WallMS) / 1000)
	}
}

// Accounted reports whether every sent message is counted exactly once.
func (r *Report) Accounted() error {
	sum := r.Notified + r.Online
	for _, n := range r.NotDelivered {
		sum += n
	}
	if sum != r.Sent {
		return fmt.Errorf("%d sent, but %d notified + %d online + %d not delivered = %d", r.Sent, r.Notified, r.Online, sum-r.Notified-r.Online, sum)
	}
	return nil
}

// Write writes the report to dir/load.json, creating dir.
func (r *Report) Write(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, ReportFile)
	return path, os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadReport reads a load.json, from a file or the folder holding it.
func ReadReport(path string) (*Report, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, ReportFile)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := newReport()
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := r.Accounted(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Merge joins shards' reports: counts and histograms add up, the
// percentiles are recomputed from the merged histograms, the wall time
// and peak RSS are the largest shard's (shards run side by side). The
// shards must come from one fleet and seed, each shard once.
func Merge(parts []*Report) (*Report, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge: no reports")
	}
	out := newReport()
	first := parts[0]
	out.FleetDevices, out.Seed, out.Target = first.FleetDevices, first.Seed, first.Target
	seen := map[string]bool{}
	for _, p := range parts {
		if p.FleetDevices != first.FleetDevices || p.Seed != first.Seed {
			return nil, fmt.Errorf("merge: shard %s is of a fleet of %d with seed %d, shard %s of %d with seed %d",
				p.Shard, p.FleetDevices, p.Seed, first.Shard, first.FleetDevices, first.Seed)
		}
		shards := p.Shards
		if len(shards) == 0 {
			shards = []string{p.Shard}
		}
		for _, s := range shards {
			if seen[s] {
				return nil, fmt.Errorf("merge: shard %s appears twice", s)
			}
			seen[s] = true
			out.Shards = append(out.Shards, s)
		}
		out.Devices += p.Devices
		out.WallMS = max(out.WallMS, p.WallMS)
		out.PeakRSSBytes = max(out.PeakRSSBytes, p.PeakRSSBytes)
		out.SimMS = max(out.SimMS, p.SimMS)
		out.Sent += p.Sent
		out.Notified += p.Notified
		out.Online += p.Online
		out.TraceMissed += p.TraceMissed
		for k, n := range p.NotDelivered {
			out.NotDelivered[k] += n
		}
		for s, c := range p.PerSecond {
			sec := out.perSecond(s)
			sec.Sent += c.Sent
			sec.Notified += c.Notified
		}
		for v, h := range p.Histograms {
			if out.Histograms[v] == nil {
				out.Histograms[v] = &Histogram{}
			}
			out.Histograms[v].Merge(h)
		}
	}
	slices.Sort(out.Shards)
	out.Shard = "merged " + strings.Join(out.Shards, ",")
	out.finish()
	return out, out.Accounted()
}
