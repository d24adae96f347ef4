//go:build unix

package rlimit

import (
	"syscall"
	"testing"
)

func TestRaiseFilesReachesTheHardLimit(t *testing.T) {
	var before syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &before); err != nil {
		t.Fatal(err)
	}
	got, err := RaiseFiles()
	if err != nil {
		t.Fatal(err)
	}
	var after syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &after); err != nil {
		t.Fatal(err)
	}
	if after.Cur != after.Max || got != after.Cur {
		t.Fatalf("soft limit %d, hard %d, reported %d: want soft = hard = reported", after.Cur, after.Max, got)
	}
}
