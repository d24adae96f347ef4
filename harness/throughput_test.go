package harness_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/benchrow"
)

// TestThroughput measures how much simulated time the seed flow covers per
// wall-clock second. testing/synctest bubbles need a *testing.T, so this is
// a test rather than a Go benchmark; `make bench` runs it with
// PUSHSIM_BENCH set to the number of runs.
func TestThroughput(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("PUSHSIM_BENCH"))
	if runs <= 0 {
		t.Skip("set PUSHSIM_BENCH=<runs> to measure (make bench)")
	}
	const simPerRun = 11*time.Minute + 7*3*time.Second + 5*time.Minute
	start := time.Now()
	for i := range runs {
		runSeedFlow(t, uint64(i+1))
	}
	wall := time.Since(start)
	sim := time.Duration(runs) * simPerRun
	t.Logf("seed flow: %d runs, %s simulated in %s wall: %.0f simulated minutes per wall second",
		runs, sim, wall.Round(time.Millisecond), sim.Minutes()/wall.Seconds())
	if err := benchrow.Add(benchrow.Row{What: "seed flow in virtual time",
		Value: fmt.Sprintf("%.0f simulated min per wall s", sim.Minutes()/wall.Seconds()),
		Note:  fmt.Sprintf("TestThroughput: %d runs, %s simulated in %s wall", runs, sim, wall.Round(time.Millisecond))}); err != nil {
		t.Error(err)
	}
}
