package container_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain makes the container tier work where no helper image can be
// pulled and the tests themselves run in a container: no reaper (each
// test removes its containers), and published ports reached on loopback.
// Values already set in the environment win. A test that leaves a
// goroutine behind fails the package (Ginkgo's interrupt handler lives as
// long as the process).
func TestMain(m *testing.M) {
	for k, v := range map[string]string{
		"TESTCONTAINERS_RYUK_DISABLED": "true",
		"TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1",
	} {
		if _, ok := os.LookupEnv(k); !ok {
			os.Setenv(k, v)
		}
	}
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func2"))
}
