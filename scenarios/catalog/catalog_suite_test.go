package catalog_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/catalog/catalogen"
	"github.com/pushsim/pushsim/scenarios/format"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// The runner's inputs, from the environment (make run sets them):
// PUSHSIM_SCENARIOS (files or globs, space-separated, relative to
// PUSHSIM_ROOT; default: every file of this catalog), PUSHSIM_SEED,
// PUSHSIM_REPORT_DIR.
var (
	root      = envOr("PUSHSIM_ROOT", "../..")
	patterns  = os.Getenv("PUSHSIM_SCENARIOS")
	reportDir = os.Getenv("PUSHSIM_REPORT_DIR")
)

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// TestCatalog runs every scenario file as one Ginkgo spec, in virtual time.
func TestCatalog(t *testing.T) {
	RunSpecs(t, "pushsim scenario catalog", harness.VirtualTime(t))
}

// seedOverride is SEED from the command line.
func seedOverride() *uint64 {
	s := os.Getenv("PUSHSIM_SEED")
	if s == "" {
		return nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		panic(fmt.Sprintf("PUSHSIM_SEED=%q is not a number", s))
	}
	return &n
}

// files resolves the patterns to scenario files, relative to root.
func files() ([]string, error) {
	pats := strings.Fields(patterns)
	if len(pats) == 0 {
		pats = []string{"scenarios/catalog/*.yaml"}
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range pats {
		matches, err := filepath.Glob(filepath.Join(root, p))
		if err != nil {
			return nil, fmt.Errorf("SCENARIOS %q: %w", p, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("SCENARIOS %q matches no file", p)
		}
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// relative shows a path from the repository root, as the replay command needs.
func relative(path string) string {
	if rel, err := filepath.Rel(root, path); err == nil {
		return rel
	}
	return path
}

var (
	mu      sync.Mutex
	results = map[string]reports.Scenario{} // by spec text
)

var _ = Describe("scenario catalog", func() {
	paths, err := files()
	if err != nil {
		It("finds the scenario files", func() { Fail(err.Error()) })
		return
	}
	var scenarios []*format.Scenario
	var problems []string
	for _, p := range paths {
		sc, err := format.ParseFile(p)
		if err != nil {
			var ps format.Problems
			if errors.As(err, &ps) {
				for i := range ps {
					ps[i].File = relative(ps[i].File)
				}
				err = ps
			}
			problems = append(problems, err.Error())
			continue
		}
		sc.File = relative(p)
		scenarios = append(scenarios, sc)
	}
	if len(problems) > 0 {
		It("has only valid scenario files (nothing ran)", func() {
			Fail(fmt.Sprintf("%d invalid scenario files:\n%s", len(problems), strings.Join(problems, "\n")))
		})
		return
	}
	opts := runner.Options{Seed: seedOverride()}
	for _, sc := range scenarios {
		It(sc.Name, Label(sc.Labels...), func(ctx SpecContext) {
			res := runner.Run(ctx, sc, opts)
			mu.Lock()
			results[CurrentSpecReport().LeafNodeText] = res
			mu.Unlock()
			if res.Status != reports.StatusPassed {
				var msg strings.Builder
				fmt.Fprintf(&msg, "%s failed (seed %d)\n", sc.File, res.Seed)
				for _, f := range res.Failures {
					fmt.Fprintf(&msg, "%s\n", f.Message)
				}
				fmt.Fprintf(&msg, "replay: %s", res.Replay)
				Fail(msg.String())
			}
		})
	}
})

// Reports are written once the suite is over, with the wall time Ginkgo
// measured for each spec (inside a bubble the clock is simulated).
var _ = ReportAfterSuite("reports", func(r Report) {
	var out reports.Results
	if s := seedOverride(); s != nil {
		out.Seed = *s
	} else {
		out.Seed = runner.DefaultSeed
	}
	mu.Lock()
	defer mu.Unlock()
	for _, spec := range r.SpecReports {
		res, ok := results[spec.LeafNodeText]
		if !ok {
			continue
		}
		res.WallMS = spec.RunTime.Milliseconds()
		if spec.Failed() && res.Status == reports.StatusPassed {
			res.Status = reports.StatusFailed
			res.Failures = append(res.Failures, reports.Failure{Message: spec.FailureMessage()})
		}
		out.Add(res)
	}
	fmt.Printf("pushsim: %d scenarios, %d passed, %d failed; %s simulated in %s of wall time\n",
		len(out.Scenarios), out.Totals.Passed, out.Totals.Failed,
		(time.Duration(out.SimMS) * time.Millisecond).Round(time.Second), r.RunTime.Round(time.Millisecond))
	if reportDir != "" {
		if err := reports.WriteAll(out, reportDir); err != nil {
			fmt.Fprintln(os.Stderr, "pushsim: writing reports:", err)
		} else {
			fmt.Printf("pushsim: reports in %s\n", reportDir)
		}
	}
})

// TestCatalogIsGenerated fails when the generated files are out of date.
func TestCatalogIsGenerated(t *testing.T) {
	files, err := catalogen.Generate(catalogen.Vendors)
	if err != nil {
		t.Fatal(err)
	}
	if err := catalogen.Write(".", files, true); err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("the generator wrote %d files", len(files))
	}
}
