//go:build !unix

package main

import "os"

// peakRSS is unknown off unix.
func peakRSS(*os.ProcessState) (int64, bool) { return 0, false }
