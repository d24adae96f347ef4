//go:build !unix

package vendortest

import "time"

// processCPU is unknown off unix: the rows go without a CPU figure.
func processCPU() (time.Duration, bool) { return 0, false }
