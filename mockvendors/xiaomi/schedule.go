package xiaomi

import (
	"sync"
	"time"
)

// scheduler runs the deliveries of scheduled messages (time_to_send) at
// their moment. Jobs due at the same instant run in the order they were
// scheduled, on one timer, so the order never depends on goroutine
// scheduling.
type scheduler struct {
	mu     sync.Mutex
	closed bool
	jobs   map[time.Time][]func()
	timers map[time.Time]*time.Timer
	wg     sync.WaitGroup
}

func newScheduler() *scheduler {
	return &scheduler{jobs: map[time.Time][]func(){}, timers: map[time.Time]*time.Timer{}}
}

// at runs f at t (now, if t has passed).
func (sc *scheduler) at(t time.Time, f func()) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.closed {
		return
	}
	t = t.Round(0)
	sc.jobs[t] = append(sc.jobs[t], f)
	if sc.timers[t] == nil {
		sc.timers[t] = time.AfterFunc(time.Until(t), func() { sc.run(t) })
	}
}

func (sc *scheduler) run(t time.Time) {
	sc.mu.Lock()
	if sc.closed {
		sc.mu.Unlock()
		return
	}
	jobs := sc.jobs[t]
	delete(sc.jobs, t)
	delete(sc.timers, t)
	sc.wg.Add(1)
	sc.mu.Unlock()
	defer sc.wg.Done()
	for _, f := range jobs {
		f()
	}
}

// pending is the number of scheduled deliveries not yet run.
func (sc *scheduler) pending() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	n := 0
	for _, js := range sc.jobs {
		n += len(js)
	}
	return n
}

// close drops every job not yet run and waits for those running.
func (sc *scheduler) close() {
	sc.mu.Lock()
	sc.closed = true
	for _, tm := range sc.timers {
		tm.Stop()
	}
	sc.jobs, sc.timers = nil, nil
	sc.mu.Unlock()
	sc.wg.Wait()
}
