//go:build unix

// Package rlimit raises the process's open-file limit: a served
// environment or a load process holds two sockets per phone, more than
// the usual soft limit of 1,024.
package rlimit

import "syscall"

// RaiseFiles raises the soft limit on open files to the hard limit and
// returns the limit now in force.
func RaiseFiles() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, err
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return 0, err
		}
	}
	return l.Cur, nil
}
