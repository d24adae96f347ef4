package mockvendors

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// TestTimerQueueRunsJobsInOrderOfDueTimeThenOfAdding checks the order,
// jobs a job adds (due at once, or later), a job added earlier than the
// armed one, and stop.
func TestTimerQueueRunsJobsInOrderOfDueTimeThenOfAdding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var q timerQueue
		var ran []string
		q.fire = func() {
			mu.Lock()
			defer mu.Unlock()
			q.run(time.Now())
		}
		start := time.Now()
		job := func(name string) func() {
			return func() { ran = append(ran, name+"@"+time.Since(start).String()) }
		}
		mu.Lock()
		q.add(start.Add(3*time.Second), job("c1"))
		q.add(start.Add(2*time.Second), job("b"))
		q.add(start.Add(3*time.Second), job("c2"))
		q.add(start.Add(time.Second), func() {
			ran = append(ran, "a@"+time.Since(start).String())
			q.add(time.Now(), job("a-now"))
			q.add(time.Now().Add(500*time.Millisecond), job("a-later"))
		})
		q.add(start.Add(10*time.Second), job("dropped"))
		mu.Unlock()
		time.Sleep(4 * time.Second)
		mu.Lock()
		q.add(start.Add(5*time.Second), job("e"))
		if q.len() != 2 {
			t.Errorf("%d jobs wait, want 2", q.len())
		}
		mu.Unlock()
		time.Sleep(2 * time.Second)
		mu.Lock()
		q.stop()
		mu.Unlock()
		time.Sleep(10 * time.Second)
		want := []string{"a@1s", "a-now@1s", "a-later@1.5s", "b@2s", "c1@3s", "c2@3s", "e@5s"}
		if !slices.Equal(ran, want) {
			t.Errorf("ran %v, want %v", ran, want)
		}
	})
}

// TestTimerQueueHeapOrdersManyJobs pops a shuffled set of jobs in order.
func TestTimerQueueHeapOrdersManyJobs(t *testing.T) {
	var q timerQueue
	base := time.Unix(0, 0)
	for i := range 1000 {
		q.seq++
		q.push(timedJob{due: base.Add(time.Duration((i*7919)%1000) * time.Millisecond), seq: q.seq})
	}
	prev := timedJob{due: base.Add(-time.Hour)}
	for q.len() > 0 {
		j := q.pop()
		if j.before(prev) {
			t.Fatalf("popped %v after %v", j.due, prev.due)
		}
		prev = j
	}
}

// TestTimerQueueRunSomeStopsAtMaxInOrder: a long run of due jobs is
// taken max at a time, in order, and the timer is re-armed only once
// none is due.
func TestTimerQueueRunSomeStopsAtMaxInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var q timerQueue
		q.fire = func() {}
		start := time.Now()
		var ran []int
		for i := range 10 {
			q.add(start.Add(time.Duration(10-i)*time.Millisecond), func() { ran = append(ran, 10-i) })
		}
		q.add(start.Add(time.Hour), func() { t.Error("a job not due ran") })
		now := start.Add(time.Second)
		var calls int
		for more := true; more; calls++ {
			more = q.runSome(now, 4)
			if more && q.armed {
				t.Error("armed while jobs are still due")
			}
		}
		if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; !slices.Equal(ran, want) || calls != 3 {
			t.Errorf("ran %v in %d calls, want %v in 3", ran, calls, want)
		}
		if !q.armed || !q.armAt.Equal(start.Add(time.Hour)) || q.len() != 1 {
			t.Errorf("armed %v at %v with %d jobs, want the hour's job armed", q.armed, q.armAt, q.len())
		}
		q.stop()
	})
}
