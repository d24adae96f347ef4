package catalog_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/catalog/catalogen"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// The suite's inputs, from the environment: PUSHSIM_SCENARIOS (files,
// folders or globs, space-separated, relative to this folder or absolute;
// default: every file of this catalog), PUSHSIM_SEED, PUSHSIM_REPORT_DIR.
// `pushsim run` is the command-line runner; this suite is the same
// catalog as Ginkgo specs, for Go users and `go test`.
var (
	patterns  = os.Getenv("PUSHSIM_SCENARIOS")
	reportDir = os.Getenv("PUSHSIM_REPORT_DIR")
)

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

var (
	mu      sync.Mutex
	results = map[string]reports.Scenario{} // by spec text
)

var _ = Describe("scenario catalog", func() {
	pats := strings.Fields(patterns)
	if len(pats) == 0 {
		pats = []string{"."}
	}
	paths, err := runner.Resolve(pats)
	if err != nil {
		It("finds the scenario files", func() { Fail(err.Error()) })
		return
	}
	batch, err := runner.Load(paths, "")
	if err != nil {
		It("reads the scenario files", func() { Fail(err.Error()) })
		return
	}
	if len(batch.Invalid) > 0 {
		var problems []string
		for _, f := range batch.Invalid {
			for _, p := range f.Problems {
				problems = append(problems, p.String(f.File))
			}
		}
		It("has only valid scenario files (nothing ran)", func() {
			Fail(fmt.Sprintf("%d invalid scenario files:\n%s", len(batch.Invalid), strings.Join(problems, "\n")))
		})
		return
	}
	opts := runner.Options{Seed: seedOverride()}
	for _, e := range batch.Entries {
		sc := e.Scenario
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
	out.WallMS = r.RunTime.Milliseconds()
	fmt.Printf("pushsim: %d scenarios, %d passed, %d failed; %s simulated in %s of wall time\n",
		len(out.Scenarios), out.Totals.Passed, out.Totals.Failed,
		(time.Duration(out.SimMS) * time.Millisecond).Round(time.Second), time.Duration(out.WallMS)*time.Millisecond)
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
