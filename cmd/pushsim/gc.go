package main

import (
	"os"
	"runtime/debug"
)

// Collector settings for the long-running, allocation-heavy commands
// (serve, and load with phones on real sockets), unless the GOGC or
// GOMEMLIMIT environment variables say otherwise.
const (
	// gcPercent lets the heap grow to five times what is live before a
	// collection, where Go's default is twice: collections come a fifth
	// as often, which takes about 6 % of serve's CPU per notification
	// off at 8,000 a second (docs/bench.md).
	gcPercent = 400
	// gcSoftLimit makes the collector work harder, rather than the heap
	// grow further, once the process nears 4 GiB.
	gcSoftLimit = 4 << 30
)

// tuneGC applies gcPercent and gcSoftLimit where the environment does not
// set them, and returns what undoes it.
func tuneGC() (restore func()) {
	percent, limit := -1, int64(-1)
	if os.Getenv("GOGC") == "" {
		percent = debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(gcSoftLimit)
	}
	return func() {
		if percent != -1 {
			debug.SetGCPercent(percent)
		}
		if limit != -1 {
			debug.SetMemoryLimit(limit)
		}
	}
}
