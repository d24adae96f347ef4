package runner

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/format"
)

// Batch is the scenario files of one run, read and filtered by label.
type Batch struct {
	// Entries are the valid scenarios in file order, run or skipped.
	Entries []Entry
	// Invalid lists the files that could not be read. When there is one,
	// Run runs nothing.
	Invalid []reports.InvalidFile
	// Labels is the label filter the batch was selected with.
	Labels string
}

// Entry is one scenario of a batch.
type Entry struct {
	Scenario *format.Scenario
	// Skip is set when the label filter leaves the scenario out.
	Skip bool
}

// Load reads every file and selects the scenarios whose labels match
// labels, in Ginkgo's label-filter syntax (empty: every scenario). Only a
// bad filter is an error; a bad file is recorded in Invalid with every
// problem found in it.
func Load(files []string, labels string) (*Batch, error) {
	match, err := types.ParseLabelFilter(labels)
	if err != nil {
		return nil, fmt.Errorf("--labels %q: %w", labels, err)
	}
	b := &Batch{Labels: labels}
	for _, f := range files {
		sc, err := format.ParseFile(f)
		if err != nil {
			b.Invalid = append(b.Invalid, invalidFile(f, err))
			continue
		}
		sc.File = f
		b.Entries = append(b.Entries, Entry{Scenario: sc, Skip: !match(sc.Labels)})
	}
	return b, nil
}

func invalidFile(file string, err error) reports.InvalidFile {
	out := reports.InvalidFile{File: file}
	var ps format.Problems
	if !errors.As(err, &ps) {
		out.Problems = []reports.Problem{{Message: err.Error()}}
		return out
	}
	for _, p := range ps {
		msg := p.Msg
		if p.Hint != "" {
			msg += " (hint: " + p.Hint + ")"
		}
		out.Problems = append(out.Problems, reports.Problem{Line: p.Line, Column: p.Column, Message: msg})
	}
	return out
}

// BatchOptions tune Batch.Run.
type BatchOptions struct {
	Options
	// Context, when set and done, stops the run before the next scenario
	// starts; the scenarios not started are reported failed ("not run").
	Context context.Context
	// Parallel is how many scenarios run at once (default: every CPU).
	Parallel int
	// Done, when set, is called as each scenario ends (skipped ones
	// included, at the start), one call at a time, with how many are done.
	Done func(done int, res reports.Scenario)
}

// Selected counts the scenarios that run (not skipped).
func (b *Batch) Selected() int {
	n := 0
	for _, e := range b.Entries {
		if !e.Skip {
			n++
		}
	}
	return n
}

// Run runs the selected scenarios under t, each in a subtest and in a
// virtual-time bubble of its own, Parallel at a time, and returns the
// results in file order with the skipped scenarios in place. The results
// are the same for any Parallel: a scenario depends only on its file and
// seed; only the wall times differ. With an invalid file nothing runs and
// the results list the invalid files.
func (b *Batch) Run(t *testing.T, opts BatchOptions) reports.Results {
	start := time.Now()
	var out reports.Results
	out.Seed = DefaultSeed
	if opts.Seed != nil {
		out.Seed = *opts.Seed
	}
	if len(b.Invalid) > 0 {
		for _, f := range b.Invalid {
			out.AddInvalid(f)
		}
		return out
	}
	replay := opts.Replay
	if replay == nil {
		replay = ReplayCommand
	}
	results := make([]reports.Scenario, len(b.Entries))
	var (
		mu   sync.Mutex
		done int
	)
	finish := func(i int, res reports.Scenario) {
		mu.Lock()
		defer mu.Unlock()
		results[i] = res
		done++
		if opts.Done != nil {
			opts.Done(done, res)
		}
	}
	next := make(chan int, len(b.Entries))
	for i, e := range b.Entries {
		if e.Skip {
			seed := SeedFor(e.Scenario, opts.Options)
			finish(i, reports.Scenario{Name: e.Scenario.Name, File: e.Scenario.File, Labels: e.Scenario.Labels,
				Status: reports.StatusSkipped, Seed: seed, Replay: replay(e.Scenario.File, seed)})
			continue
		}
		next <- i
	}
	close(next)
	workers := opts.Parallel
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if opts.Context != nil && opts.Context.Err() != nil {
					finish(i, notRun(b.Entries[i].Scenario, opts.Options, replay, fmt.Sprintf("not run: %v", context.Cause(opts.Context))))
					continue
				}
				finish(i, runOne(t, b.Entries[i].Scenario, opts.Options))
			}
		})
	}
	wg.Wait()
	for _, res := range results {
		out.Add(res)
	}
	out.WallMS = time.Since(start).Milliseconds()
	return out
}

// notRun is a scenario that an interrupted run did not start.
// A crashed run is reported the same way, with its own message.
func notRun(sc *format.Scenario, opts Options, replay func(string, uint64) string, msg string) reports.Scenario {
	seed := SeedFor(sc, opts)
	return reports.Scenario{Name: sc.Name, File: sc.File, Labels: sc.Labels, Status: reports.StatusFailed, Seed: seed,
		Failures: []reports.Failure{{Message: msg}}, Replay: replay(sc.File, seed)}
}

// runOne runs a scenario in a subtest of t, in a bubble. A panic or a
// deadlocked bubble fails the scenario instead of the whole run.
func runOne(t *testing.T, sc *format.Scenario, opts Options) (res reports.Scenario) {
	crashed := func(what any) reports.Scenario {
		replay := opts.Replay
		if replay == nil {
			replay = ReplayCommand
		}
		return notRun(sc, opts, replay, fmt.Sprintf("the run crashed: %v", what))
	}
	t.Run(sc.File, func(t *testing.T) {
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				res = crashed(p)
			}
			res.WallMS = time.Since(start).Milliseconds()
		}()
		harness.RunVirtual(t, func(ctx context.Context) {
			defer func() {
				if p := recover(); p != nil {
					res = crashed(p)
				}
			}()
			res = Run(ctx, sc, opts)
		})
	})
	return res
}
