package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain runs the tests, or, with PUSHSIM_TEST_AS_BINARY=1, acts as the
// pushsim binary itself (the tests of `pushsim run` start it that way).
func TestMain(m *testing.M) {
	if os.Getenv("PUSHSIM_TEST_AS_BINARY") == "1" {
		main()
		os.Exit(0)
	}
	// Ginkgo's interrupt handler (the security suite) lives as long as
	// the process.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("github.com/onsi/ginkgo/v2/internal/interrupt_handler.(*InterruptHandler).registerForInterrupts.func2"))
}
