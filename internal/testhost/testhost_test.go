package testhost_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/testhost"
)

// TestRunHostsSynctest pins what pushsim run relies on: a hosted test
// runs synctest bubbles in subtests started from several goroutines, in
// virtual time, and reports failure.
func TestRunHostsSynctest(t *testing.T) {
	const workers, bubbles = 3, 9
	var (
		mu      sync.Mutex
		elapsed []time.Duration
	)
	ok, err := testhost.Run("bubbles", func(t *testing.T) {
		var wg sync.WaitGroup
		next := make(chan int, bubbles)
		for i := range bubbles {
			next <- i
		}
		close(next)
		for range workers {
			wg.Go(func() {
				for i := range next {
					t.Run("bubble", func(t *testing.T) {
						synctest.Test(t, func(*testing.T) {
							start := time.Now()
							time.Sleep(time.Duration(i+1) * time.Hour) // virtual
							mu.Lock()
							elapsed = append(elapsed, time.Since(start))
							mu.Unlock()
						})
					})
				}
			})
		}
		wg.Wait()
	})
	if err != nil || !ok {
		t.Fatalf("Run = %v, %v; want a passing run", ok, err)
	}
	if len(elapsed) != bubbles {
		t.Fatalf("%d bubbles ran, want %d", len(elapsed), bubbles)
	}
	var total time.Duration
	for _, d := range elapsed {
		total += d
	}
	if want := 45 * time.Hour; total != want {
		t.Fatalf("virtual time covered %v, want %v", total, want)
	}
}

func TestRunReportsFailure(t *testing.T) {
	ok, err := testhost.Run("fails", func(t *testing.T) { t.Fail() })
	if err != nil || ok {
		t.Fatalf("Run = %v, %v; want a failed run", ok, err)
	}
}

// TestRunLeavesTheOuterFlagsAlone: inside `go test`, the hosted run opens
// none of the outer run's files (its test log, profiles) and puts the
// flags back as they were.
func TestRunLeavesTheOuterFlagsAlone(t *testing.T) {
	log := filepath.Join(t.TempDir(), "testlog.txt")
	old := flag.Lookup("test.testlogfile").Value.String()
	if err := flag.Set("test.testlogfile", log); err != nil {
		t.Fatal(err)
	}
	defer flag.Set("test.testlogfile", old)
	if ok, err := testhost.Run("quiet", func(*testing.T) {}); !ok || err != nil {
		t.Fatalf("Run = %v, %v", ok, err)
	}
	if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the hosted run opened the test log: %v", err)
	}
	if got := flag.Lookup("test.testlogfile").Value.String(); got != log {
		t.Errorf("test.testlogfile = %q after the run, want %q back", got, log)
	}
}
