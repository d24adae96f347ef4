package scenarios_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/pushsim/pushsim/harness"
)

// TestScenarios runs every spec in its own virtual-time bubble.
func TestScenarios(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "pushsim scenarios", harness.VirtualTime(t))
}

// rootSeed is the run's seed: PUSHSIM_SEED, or 1.
func rootSeed() uint64 {
	if s := os.Getenv("PUSHSIM_SEED"); s != "" {
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return n
		}
	}
	return 1
}

// Every failure prints its seed and the command that replays it.
var _ = ReportAfterEach(func(r SpecReport) {
	if r.Failed() {
		AddReportEntry("replay", fmt.Sprintf("seed %d: PUSHSIM_SEED=%d go test ./scenarios -run TestScenarios -args -ginkgo.focus=%q",
			rootSeed(), rootSeed(), r.LeafNodeText))
		fmt.Fprintf(GinkgoWriter, "seed %d — replay: PUSHSIM_SEED=%d go test ./scenarios -run TestScenarios -args -ginkgo.focus=%q\n",
			rootSeed(), rootSeed(), r.LeafNodeText)
	}
})

// The suite reports how much simulated time it covered.
var _ = ReportAfterSuite("simulated time", func(r Report) {
	fmt.Printf("pushsim: %d specs covered %s of simulated time in %s of wall time\n",
		len(r.SpecReports), harness.SimulatedTime(r).Round(time.Second), r.RunTime.Round(time.Millisecond))
})
