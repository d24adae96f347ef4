package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/testhost"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// exitCode is an error that only sets the process's exit status: what
// went wrong has been printed already.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

const runUsage = `usage: pushsim run [--seed N] [--report-dir DIR] [--labels EXPR] [--parallel N] [--verbose] PATH...

Runs scenario files in virtual time. A PATH is a file, a folder (every
*.yaml and *.yml below it) or a glob, relative to the working directory or
absolute. Flags may come before or after the PATHs.

Exit status: 0 when every scenario passed, 1 when one failed, 2 when a
file is invalid or the usage is wrong (then nothing runs; junit.xml still
gets one failing testcase per invalid file).

Flags:
`

// runScenarios is `pushsim run`.
func runScenarios(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.String("seed", "", "run every scenario with this seed (default: each file's own seed, else 1)")
	reportDir := fs.String("report-dir", "pushsim-report", "folder for index.html, junit.xml, results.json and summary.md")
	labels := fs.String("labels", "", "run only scenarios matching this Ginkgo label filter, e.g. 'vendor:meizu && !slow'")
	parallel := fs.Int("parallel", runtime.NumCPU(), "scenarios run at once, each in its own virtual-time bubble")
	verbose := fs.Bool("verbose", false, "print every message's path, for passing scenarios too")
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
	}
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	opts := runner.BatchOptions{Parallel: *parallel, Context: ctx}
	opts.Paths = *verbose
	if *seed != "" {
		n, err := parseSeed(*seed)
		if err != nil {
			fmt.Fprintf(stderr, "pushsim run: --seed %q: %v\n", *seed, err)
			return exitCode(2)
		}
		opts.Seed = &n
	}
	if *parallel < 1 {
		fmt.Fprintf(stderr, "pushsim run: --parallel %d: give at least 1\n", *parallel)
		return exitCode(2)
	}
	if len(paths) == 0 {
		fs.Usage()
		return errUsage
	}
	files, err := runner.Resolve(paths)
	if err != nil {
		fmt.Fprintln(stderr, "pushsim run:", err)
		return exitCode(2)
	}
	batch, err := runner.Load(files, *labels)
	if err != nil {
		fmt.Fprintln(stderr, "pushsim run:", err)
		return exitCode(2)
	}
	out := newRunPrinter(stdout, *verbose)
	var results reports.Results
	if len(batch.Invalid) > 0 {
		results = batch.Run(nil, opts)
		out.invalid(results)
	} else {
		out.start(batch, opts)
		opts.Done = out.done
		_, err := testhost.Run("pushsim-run", func(t *testing.T) { results = batch.Run(t, opts) })
		if err != nil {
			return fmt.Errorf("hosting the scenario run: %w", err)
		}
		out.summary(results)
	}
	if err := reports.WriteAll(results, *reportDir); err != nil {
		fmt.Fprintln(stderr, "pushsim run: writing reports:", err)
		return exitCode(2)
	}
	fmt.Fprintf(stdout, "pushsim: reports in %s (%s)\n", filepath.Clean(*reportDir), strings.Join(reports.Files, ", "))
	switch {
	case results.Totals.Invalid > 0:
		return exitCode(2)
	case !results.OK():
		return exitCode(1)
	}
	return nil
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments, and returns the positional ones. A lone "--"
// ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func parseSeed(s string) (uint64, error) {
	var n uint64
	if _, err := fmt.Sscan(s, &n); err != nil || fmt.Sprint(n) != s {
		return 0, errors.New("not a whole number")
	}
	return n, nil
}

// runPrinter is what `pushsim run` shows while it runs. On a terminal it
// keeps one live progress line; elsewhere it prints plain lines only: one
// block per failure as it happens and a final summary.
type runPrinter struct {
	w       io.Writer
	tty     bool
	verbose bool
	total   int
	seed    string
	failed  int
	simMS   int64
}

func newRunPrinter(w io.Writer, verbose bool) *runPrinter {
	return &runPrinter{w: w, tty: isTerminal(w), verbose: verbose}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *runPrinter) start(b *runner.Batch, opts runner.BatchOptions) {
	p.total = len(b.Entries)
	p.seed = fmt.Sprintf("each file's own seed, else %d", runner.DefaultSeed)
	if opts.Seed != nil {
		p.seed = fmt.Sprintf("seed %d", *opts.Seed)
	}
	skipped := ""
	if n := len(b.Entries) - b.Selected(); n > 0 {
		skipped = fmt.Sprintf(", %d left out by --labels", n)
	}
	fmt.Fprintf(p.w, "pushsim run: %s%s; %s; %d at a time\n", plural(len(b.Entries), "scenario"), skipped, p.seed, opts.Parallel)
}

// plural renders "1 scenario", "2 scenarios".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// done is called as each scenario ends, one call at a time.
func (p *runPrinter) done(n int, s reports.Scenario) {
	p.simMS += s.SimMS
	if s.Status == reports.StatusFailed {
		p.failed++
	}
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	switch {
	case s.Status == reports.StatusFailed:
		p.failure(s)
	case p.verbose && s.Status == reports.StatusPassed:
		fmt.Fprintf(p.w, "PASS %s: %s (seed %d, %s simulated)\n", s.File, s.Name, s.Seed, simDur(s.SimMS))
		p.messages(s)
	}
	if p.tty {
		fmt.Fprintf(p.w, "[%d/%d] %d failed · %s simulated", n, p.total, p.failed, simDur(p.simMS))
	}
}

func (p *runPrinter) failure(s reports.Scenario) {
	fmt.Fprintf(p.w, "FAIL %s: %s (seed %d, %s simulated)\n", s.File, s.Name, s.Seed, simDur(s.SimMS))
	for _, f := range s.Failures {
		fmt.Fprintln(p.w, indent(f.Message, "    "))
	}
	p.messages(s)
	fmt.Fprintf(p.w, "  replay: %s\n", s.Replay)
}

// messages prints each message's outcome, and its path when recorded.
func (p *runPrinter) messages(s reports.Scenario) {
	for _, m := range s.Messages {
		fmt.Fprintf(p.w, "  %s → %s (%s): %s", m.Ref, m.To, m.Vendor, m.Outcome)
		if m.Outcome == reports.OutcomeNotified {
			fmt.Fprintf(p.w, " after %s", simDur(m.LatencyMS))
		}
		if m.Reason != "" {
			fmt.Fprintf(p.w, ", reason %s", m.Reason)
		}
		fmt.Fprintln(p.w)
		if p.verbose {
			for _, line := range m.Chain {
				fmt.Fprintf(p.w, "      %s\n", line)
			}
		}
	}
}

func (p *runPrinter) summary(r reports.Results) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "pushsim: %s: %d passed, %d failed, %d skipped; %s simulated in %s of wall time; %s\n",
		plural(len(r.Scenarios), "scenario"), r.Totals.Passed, r.Totals.Failed, r.Totals.Skipped, simDur(r.SimMS), simDur(r.WallMS), p.seed)
}

func (p *runPrinter) invalid(r reports.Results) {
	for _, f := range r.Invalid {
		for _, pr := range f.Problems {
			fmt.Fprintln(p.w, pr.String(f.File))
		}
	}
	fmt.Fprintf(p.w, "pushsim: %s; nothing ran\n", plural(r.Totals.Invalid, "invalid scenario file"))
}

// simDur renders milliseconds as a duration, the same way the reports do.
func simDur(ms int64) string {
	return (time.Duration(ms) * time.Millisecond).Round(time.Millisecond).String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
