package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcPercentNow reads the collector's percent without changing it.
func gcPercentNow() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestTuneGCAppliesItsSettingsAndUndoesThem(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOGC")
	os.Unsetenv("GOMEMLIMIT")
	before, beforeLimit := gcPercentNow(), debug.SetMemoryLimit(-1)
	restore := tuneGC()
	if got := gcPercentNow(); got != gcPercent {
		t.Errorf("GC percent %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != gcSoftLimit {
		t.Errorf("memory limit %d, want %d", got, gcSoftLimit)
	}
	restore()
	if got := gcPercentNow(); got != before {
		t.Errorf("GC percent after restore %d, want %d", got, before)
	}
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("memory limit after restore %d, want %d", got, beforeLimit)
	}
}

func TestTuneGCLeavesWhatTheEnvironmentSets(t *testing.T) {
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")
	before, beforeLimit := gcPercentNow(), debug.SetMemoryLimit(-1)
	restore := tuneGC()
	defer restore()
	if got := gcPercentNow(); got != before {
		t.Errorf("GC percent %d, want the environment's %d kept", got, before)
	}
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("memory limit %d, want %d kept", got, beforeLimit)
	}
}
