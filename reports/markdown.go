package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// maxMarkdownFailures bounds the failure table; a CI job summary has a
// size limit, and index.html lists every failure.
const maxMarkdownFailures = 100

// WriteMarkdown writes a short summary for a CI job page or a pull
// request: the verdict and totals, the failed scenarios with their
// reason and replay command, delivery and latency per vendor, why
// messages did not arrive, and how often each fault rule fired.
func WriteMarkdown(r Results, w io.Writer) error {
	var b strings.Builder
	verdict := "✅"
	if !r.OK() {
		verdict = "❌"
	}
	fmt.Fprintf(&b, "# %s pushsim: %d passed, %d failed", verdict, r.Totals.Passed, r.Totals.Failed)
	if r.Totals.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", r.Totals.Skipped)
	}
	if r.Totals.Invalid > 0 {
		fmt.Fprintf(&b, ", %d invalid files", r.Totals.Invalid)
	}
	fmt.Fprintf(&b, "\n\n%d scenarios, seed %d, %s simulated in %s of wall time.\n", len(r.Scenarios), r.Seed, dur(r.SimMS), dur(r.WallMS))
	if len(r.Invalid) > 0 {
		b.WriteString("\n## Invalid files (nothing ran)\n\n")
		for _, f := range r.Invalid {
			for _, p := range f.Problems {
				fmt.Fprintf(&b, "- `%s`\n", p.String(f.File))
			}
		}
	}
	var failed []Scenario
	reasons := map[string]int{}
	for _, s := range r.Scenarios {
		if s.Status == StatusFailed {
			failed = append(failed, s)
		}
		for _, m := range s.Messages {
			if m.Outcome == OutcomeNotDelivered && m.Reason != "" {
				reasons[m.Reason]++
			}
		}
	}
	if len(failed) > 0 {
		b.WriteString("\n## Failed\n\n| Scenario | Step | Reason | Failure | Replay |\n|---|---|---|---|---|\n")
		for i, s := range failed {
			if i == maxMarkdownFailures {
				fmt.Fprintf(&b, "\n… and %d more failed scenarios: index.html lists them all.\n", len(failed)-i)
				break
			}
			where, step, reason, msg := s.File, "", "", ""
			if len(s.Failures) > 0 {
				f := s.Failures[0]
				msg = firstLine(f.Message)
				if f.Step > 0 {
					step = fmt.Sprint(f.Step)
				}
				if f.Line > 0 {
					where = fmt.Sprintf("%s:%d", s.File, f.Line)
				}
				if f.Reason != "" {
					reason = "`" + f.Reason + "`"
				}
			}
			fmt.Fprintf(&b, "| %s (`%s`) | %s | %s | %s | `%s` |\n", cell(s.Name), where, step, reason, cell(msg), s.Replay)
		}
	}
	if vs := r.Vendors(); len(vs) > 0 {
		b.WriteString("\n## Delivery per vendor\n\nLatency is simulated time from send to notification, over the notified messages.\n\n")
		b.WriteString("| Vendor | Messages | Delivered | Notified | Online | Not delivered | p50 | p95 | p99 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, v := range vs {
			fmt.Fprintf(&b, "| %s | %d | %d (%s) | %d | %d | %d | %s | %s | %s |\n", v.Vendor, v.Messages, v.Delivered(),
				percent(v.Delivered(), v.Messages), v.Notified, v.Online, v.NotDelivered,
				latency(v.Percentile(50)), latency(v.Percentile(95)), latency(v.Percentile(99)))
		}
	}
	if len(reasons) > 0 {
		b.WriteString("\n## Why not\n\n| Reason | Messages |\n|---|---:|\n")
		for _, k := range sortedByCount(reasons) {
			fmt.Fprintf(&b, "| `%s` | %d |\n", k, reasons[k])
		}
	}
	if cov := r.FaultCoverage(); len(cov) > 0 {
		b.WriteString("\n## Fault rules\n\nHow often each injected fault fired; one that never fired tested nothing.\n\n")
		b.WriteString("| Vendor | Rule | Kind | Scenarios | Fired |\n|---|---|---|---:|---:|\n")
		for _, c := range cov {
			fired := fmt.Sprint(c.Fired)
			if c.Fired == 0 {
				fired = "**0 (never fired)**"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %d | %s |\n", c.Vendor, cell(c.Rule), c.Kind, c.Scenarios, fired)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func percent(part, total int) string {
	if total == 0 {
		return "–"
	}
	p := fmt.Sprintf("%.0f", 100*float64(part)/float64(total))
	if p == "100" && part < total {
		p = ">99"
	}
	return p + " %"
}

func latency(ms int64) string {
	if ms < 0 {
		return "–"
	}
	return dur(ms)
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
