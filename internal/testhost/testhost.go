// Package testhost gives a program a testing context of its own, so that
// code which needs a *testing.T runs outside `go test`. pushsim needs it
// for testing/synctest.Test: every scenario of `pushsim run` runs in a
// synctest bubble, in virtual time, and synctest.Test takes a *testing.T.
//
// Run starts a test main with testing.MainStart and a test-deps value of
// this package, with a single test. Whatever the testing package would
// print ("PASS", "--- FAIL") is discarded: the caller reports through its
// own channels.
package testhost

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"
)

var mu sync.Mutex

// Run runs f as the only test of a test main hosted by this process and
// reports whether it passed. Calls are serialised. f may start subtests
// (t.Run) from several goroutines and call synctest.Test in each.
//
// Inside a `go test` binary Run still works (the test flags already
// parsed are reused, and the -run pattern does not apply), which is how
// this package is tested.
func Run(name string, f func(t *testing.T)) (ok bool, err error) {
	mu.Lock()
	defer mu.Unlock()
	m := testing.MainStart(deps{}, []testing.InternalTest{{Name: name, F: f}}, nil, nil, nil)
	if !flag.Parsed() {
		// The program's own arguments are not test flags: parse none.
		if err := flag.CommandLine.Parse(nil); err != nil {
			return false, err
		}
	}
	restore, err := hostedFlags()
	if err != nil {
		return false, err
	}
	defer restore()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return false, err
	}
	defer null.Close()
	stdout := os.Stdout
	os.Stdout = null
	code := m.Run()
	os.Stdout = stdout
	return code == 0, nil
}

// hostedRun is what the hosted test main runs with, whatever flags the
// process was started with: no test log, profiles, coverage, shuffling,
// selection or timeout of its own. Inside a `go test` binary these are the
// outer run's, and the hosted run must neither reopen nor close its files.
var hostedRun = map[string]string{
	"test.testlogfile": "", "test.cpuprofile": "", "test.memprofile": "", "test.blockprofile": "",
	"test.mutexprofile": "", "test.trace": "", "test.coverprofile": "", "test.gocoverdir": "",
	"test.outputdir": "", "test.list": "", "test.run": "", "test.skip": "", "test.shuffle": "off",
	"test.count": "1", "test.timeout": "0", "test.v": "false", "test.failfast": "false",
	"test.paniconexit0": "false", "test.cpu": "",
}

// hostedFlags sets the test flags to hostedRun and returns what puts the
// previous values back.
func hostedFlags() (restore func(), err error) {
	old := map[string]string{}
	restore = func() {
		for name, v := range old {
			_ = flag.Set(name, v)
		}
	}
	for name, v := range hostedRun {
		f := flag.Lookup(name)
		if f == nil {
			continue
		}
		old[name] = f.Value.String()
		if err := flag.Set(name, v); err != nil {
			restore()
			return nil, fmt.Errorf("testhost: -%s=%q: %w", name, v, err)
		}
	}
	return restore, nil
}

// deps is the testing package's view of the test binary. Only the calls a
// plain test run makes do anything; profiling, coverage and fuzzing are
// not offered.
type deps struct{}

var errUnsupported = errors.New("testhost: not supported")

func (deps) ImportPath() string                          { return "" }
func (deps) ModulePath() string                          { return "" }
func (deps) MatchString(pat, str string) (bool, error)   { return true, nil }
func (deps) SetPanicOnExit0(bool)                        {}
func (deps) StartCPUProfile(io.Writer) error             { return errUnsupported }
func (deps) StopCPUProfile()                             {}
func (deps) StartTestLog(io.Writer)                      {}
func (deps) StopTestLog() error                          { return nil }
func (deps) WriteProfileTo(string, io.Writer, int) error { return errUnsupported }
func (deps) CoordinateFuzzing(time.Duration, int64, time.Duration, int64, int, []corpusEntry, []reflect.Type, string, string) error {
	return errUnsupported
}
func (deps) RunFuzzWorker(func(corpusEntry) error) error { return errUnsupported }
func (deps) ReadCorpus(string, []reflect.Type) ([]corpusEntry, error) {
	return nil, errUnsupported
}
func (deps) CheckCorpus([]any, []reflect.Type) error { return nil }
func (deps) ResetCoverage()                          {}
func (deps) SnapshotCoverage()                       {}
func (deps) InitRuntimeCoverage() (string, func(string, string) (string, error), func() float64) {
	return "", nil, nil
}

// corpusEntry has the fields of the testing package's fuzz corpus entry,
// which its test-deps interface names.
type corpusEntry = struct {
	Parent     string
	Path       string
	Data       []byte
	Values     []any
	Generation int
	IsSeed     bool
}
