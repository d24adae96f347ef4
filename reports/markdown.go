package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// WriteMarkdown writes a short summary for a CI job page or a pull
// request: totals, the failed scenarios with their replay commands, and
// why messages did not arrive.
func WriteMarkdown(r Results, w io.Writer) error {
	var b strings.Builder
	dur := func(ms int64) time.Duration { return (time.Duration(ms) * time.Millisecond).Round(time.Millisecond) }
	fmt.Fprintf(&b, "# pushsim: %d passed, %d failed", r.Totals.Passed, r.Totals.Failed)
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
	outcomes := map[string]int{}
	for _, s := range r.Scenarios {
		if s.Status == StatusFailed {
			failed = append(failed, s)
		}
		for _, m := range s.Messages {
			outcomes[m.Outcome]++
			if m.Reason != "" {
				reasons[m.Reason]++
			}
		}
	}
	if len(failed) > 0 {
		b.WriteString("\n## Failed\n\n| Scenario | Failure | Replay |\n|---|---|---|\n")
		for _, s := range failed {
			msg := ""
			if len(s.Failures) > 0 {
				msg = firstLine(s.Failures[0].Message)
			}
			fmt.Fprintf(&b, "| %s (`%s`) | %s | `%s` |\n", cell(s.Name), s.File, cell(msg), s.Replay)
		}
	}
	if len(outcomes) > 0 {
		b.WriteString("\n## Messages\n\n| Outcome | Count |\n|---|---|\n")
		for _, k := range sortedByCount(outcomes) {
			fmt.Fprintf(&b, "| %s | %d |\n", k, outcomes[k])
		}
	}
	if len(reasons) > 0 {
		b.WriteString("\n## Why not\n\n| Reason | Messages |\n|---|---|\n")
		for _, k := range sortedByCount(reasons) {
			fmt.Fprintf(&b, "| `%s` | %d |\n", k, reasons[k])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
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
