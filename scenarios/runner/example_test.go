package runner_test

import (
	"fmt"
	"testing"

	"github.com/pushsim/pushsim/internal/testhost"
	"github.com/pushsim/pushsim/scenarios/runner"
)

// A batch as `pushsim run` runs it: resolve the PATHs, read and filter
// the files, run each selected scenario in its own virtual-time bubble.
// Outside `go test`, testhost gives the run its *testing.T.
func ExampleBatch_Run() {
	files, err := runner.Resolve([]string{"../catalog/meizu_killed_*.yaml"})
	if err != nil {
		panic(err)
	}
	batch, err := runner.Load(files, "click:open_url || click:open_app")
	if err != nil {
		panic(err)
	}
	seed := uint64(5)
	var passed, skipped int
	var simulated int64
	_, err = testhost.Run("example", func(t *testing.T) {
		r := batch.Run(t, runner.BatchOptions{Options: runner.Options{Seed: &seed}, Parallel: 2})
		passed, skipped, simulated = r.Totals.Passed, r.Totals.Skipped, r.SimMS
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d files: %d passed, %d skipped, over %d simulated minutes\n", len(files), passed, skipped, simulated/60000)
	// Output:
	// 6 files: 3 passed, 3 skipped, over 33 simulated minutes
}
