//go:build !unix

package rlimit

// RaiseFiles does nothing where there is no open-file rlimit.
func RaiseFiles() (uint64, error) { return 0, nil }
