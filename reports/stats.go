package reports

import (
	"math"
	"slices"
	"sort"
	"time"
)

// VendorStats is one vendor's messages over a run, and the simulated
// latency of the ones that became a notification.
type VendorStats struct {
	Vendor       string
	Messages     int
	Notified     int
	Online       int
	NotDelivered int
	// LatenciesMS are the notified messages' latencies, ascending.
	LatenciesMS []int64
}

// Delivered counts the messages that reached the device, as a
// notification or on the IM socket.
func (v VendorStats) Delivered() int { return v.Notified + v.Online }

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of the
// latencies, or -1 when no message was notified.
func (v VendorStats) Percentile(p float64) int64 {
	n := len(v.LatenciesMS)
	if n == 0 {
		return -1
	}
	i := int(math.Ceil(p/100*float64(n))) - 1
	return v.LatenciesMS[min(max(i, 0), n-1)]
}

// Vendors sums every message of the run by vendor, vendors sorted by
// name. A message without a vendor counts under "unknown".
func (r Results) Vendors() []VendorStats {
	by := map[string]*VendorStats{}
	for _, s := range r.Scenarios {
		for _, m := range s.Messages {
			name := m.Vendor
			if name == "" {
				name = "unknown"
			}
			v := by[name]
			if v == nil {
				v = &VendorStats{Vendor: name}
				by[name] = v
			}
			v.Messages++
			switch m.Outcome {
			case OutcomeNotified:
				v.Notified++
				v.LatenciesMS = append(v.LatenciesMS, m.LatencyMS)
			case OutcomeOnline:
				v.Online++
			default:
				v.NotDelivered++
			}
		}
	}
	out := make([]VendorStats, 0, len(by))
	for _, v := range by {
		slices.Sort(v.LatenciesMS)
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Vendor < out[j].Vendor })
	return out
}

// stateOrder is the delivery matrix's column order; states not listed
// follow, sorted.
var stateOrder = []string{StateForeground, StateBackground, StateKilled, StateNetworkOff, StateLoggedOut, StateKicked,
	StateUninstalled, StateNotLaunched, StateNotLoggedIn, StateOffline}

// stateLabels are the matrix's column headings.
var stateLabels = map[string]string{
	StateForeground: "foreground online", StateBackground: "background", StateKilled: "killed",
	StateNetworkOff: "network loss", StateLoggedOut: "logged out", StateKicked: "kicked",
	StateUninstalled: "uninstalled", StateNotLaunched: "never launched", StateNotLoggedIn: "never logged in",
	StateOffline: "offline", "": "state unknown",
}

func stateLabel(s string) string {
	if l, ok := stateLabels[s]; ok {
		return l
	}
	return s
}

// cellCounts are the messages of one vendor in one device state.
type cellCounts struct {
	Notified, Online, NotDelivered int
	// Failed counts the messages of failed scenarios.
	Failed int
}

func (c cellCounts) total() int { return c.Notified + c.Online + c.NotDelivered }

// matrix is the delivery matrix: vendor × device state at send time.
type matrix struct {
	Vendors []string
	States  []string
	Cells   map[[2]string]cellCounts
}

func deliveryMatrix(r Results) matrix {
	mx := matrix{Cells: map[[2]string]cellCounts{}}
	vendors, states := map[string]bool{}, map[string]bool{}
	for _, s := range r.Scenarios {
		for _, m := range s.Messages {
			v := m.Vendor
			if v == "" {
				v = "unknown"
			}
			vendors[v], states[m.State] = true, true
			k := [2]string{v, m.State}
			c := mx.Cells[k]
			switch m.Outcome {
			case OutcomeNotified:
				c.Notified++
			case OutcomeOnline:
				c.Online++
			default:
				c.NotDelivered++
			}
			if s.Status == StatusFailed {
				c.Failed++
			}
			mx.Cells[k] = c
		}
	}
	for v := range vendors {
		mx.Vendors = append(mx.Vendors, v)
	}
	sort.Strings(mx.Vendors)
	for _, s := range stateOrder {
		if states[s] {
			mx.States = append(mx.States, s)
			delete(states, s)
		}
	}
	var rest []string
	for s := range states {
		rest = append(rest, s)
	}
	sort.Strings(rest)
	mx.States = append(mx.States, rest...)
	return mx
}

// latencyBins are the histogram's upper bounds in milliseconds; the last
// bin is open.
var latencyBins = []struct {
	upTo  int64
	label string
}{
	{100, "<100ms"}, {250, "100-250ms"}, {500, "250-500ms"}, {1000, "0.5-1s"}, {2000, "1-2s"}, {5000, "2-5s"},
	{10000, "5-10s"}, {30000, "10-30s"}, {60000, "30s-1m"}, {300000, "1-5m"}, {math.MaxInt64, "5m+"},
}

// histogram counts latencies per bin.
func histogram(sorted []int64) []int {
	out := make([]int, len(latencyBins))
	for _, l := range sorted {
		for i, b := range latencyBins {
			if l < b.upTo {
				out[i]++
				break
			}
		}
	}
	return out
}

// binPosition places a latency on the histogram's axis: bin index plus
// the fraction of the way through the bin.
func binPosition(ms int64) float64 {
	lo := int64(0)
	for i, b := range latencyBins {
		if ms < b.upTo {
			if b.upTo == math.MaxInt64 {
				return float64(i) + 0.5
			}
			return float64(i) + float64(ms-lo)/float64(b.upTo-lo)
		}
		lo = b.upTo
	}
	return float64(len(latencyBins))
}

// dur renders milliseconds as a rounded Go duration ("1m0.5s", "812ms").
func dur(ms int64) string {
	return (time.Duration(ms) * time.Millisecond).Round(time.Millisecond).String()
}

// RuleCoverage is how often one fault rule fired over the run: the sum
// over the scenarios that set a rule of that vendor, name and kind.
type RuleCoverage struct {
	Vendor, Rule, Kind string
	// Scenarios is how many scenarios set the rule.
	Scenarios int
	Fired     int
}

// FaultCoverage sums every scenario's fault rules by vendor, rule and
// kind, sorted by vendor then rule, so that a rule that never fired
// anywhere stands out.
func (r Results) FaultCoverage() []RuleCoverage {
	type key struct{ vendor, rule, kind string }
	by := map[key]*RuleCoverage{}
	for _, s := range r.Scenarios {
		for _, f := range s.Faults {
			k := key{f.Vendor, f.Rule, f.Kind}
			c := by[k]
			if c == nil {
				c = &RuleCoverage{Vendor: f.Vendor, Rule: f.Rule, Kind: f.Kind}
				by[k] = c
			}
			c.Scenarios++
			c.Fired += f.Fired
		}
	}
	out := make([]RuleCoverage, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Vendor != b.Vendor {
			return a.Vendor < b.Vendor
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Kind < b.Kind
	})
	return out
}
