package mockvendors

import "time"

// timerQueue runs jobs at their due times from a single timer, in the
// order of their due times and, at equal times, the order they were
// added. A hub schedules a timer per notice (its latency, then its
// expiry while held); one timer and a heap cost far less than a runtime
// timer and a goroutine each.
//
// The queue is not safe for concurrent use: its owner guards it with its
// own lock, and sets fire to what takes that lock and calls run.
type timerQueue struct {
	// fire is what the timer calls, on its own goroutine, when the
	// earliest job comes due.
	fire  func()
	jobs  []timedJob // a binary min-heap by (due, seq)
	seq   uint64
	timer *time.Timer
	armed bool      // the timer will fire at armAt
	armAt time.Time // when the armed timer fires
}

type timedJob struct {
	due time.Time
	seq uint64
	f   func()
}

func (a timedJob) before(b timedJob) bool {
	if !a.due.Equal(b.due) {
		return a.due.Before(b.due)
	}
	return a.seq < b.seq
}

// add schedules f at due.
func (q *timerQueue) add(due time.Time, f func()) {
	q.seq++
	q.push(timedJob{due: due, seq: q.seq, f: f})
	if !q.armed || due.Before(q.armAt) {
		q.arm(due)
	}
}

// run calls, in order, every job due by now, including those the jobs
// add that are due by then too, and re-arms the timer for the next.
func (q *timerQueue) run(now time.Time) {
	for q.runSome(now, len(q.jobs)+1) {
	}
}

// runSome calls, in order, up to max of the jobs due by now. It reports
// whether more are due, and otherwise re-arms the timer for the next
// job; a caller that releases its lock between calls lets other work in
// between a long run of due jobs.
func (q *timerQueue) runSome(now time.Time, max int) bool {
	q.armed = false
	for n := 0; len(q.jobs) > 0 && !q.jobs[0].due.After(now); n++ {
		if n == max {
			return true
		}
		q.pop().f()
	}
	if len(q.jobs) > 0 {
		q.arm(q.jobs[0].due)
	}
	return false
}

func (q *timerQueue) stop() {
	if q.timer != nil {
		q.timer.Stop()
	}
	q.jobs, q.armed = nil, false
}

// len is how many jobs wait.
func (q *timerQueue) len() int { return len(q.jobs) }

func (q *timerQueue) arm(at time.Time) {
	d := time.Until(at)
	if q.timer == nil {
		q.timer = time.AfterFunc(d, q.fire)
	} else {
		q.timer.Reset(d)
	}
	q.armed, q.armAt = true, at
}

func (q *timerQueue) push(j timedJob) {
	q.jobs = append(q.jobs, j)
	i := len(q.jobs) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !q.jobs[i].before(q.jobs[parent]) {
			break
		}
		q.jobs[i], q.jobs[parent] = q.jobs[parent], q.jobs[i]
		i = parent
	}
}

func (q *timerQueue) pop() timedJob {
	top := q.jobs[0]
	last := len(q.jobs) - 1
	q.jobs[0] = q.jobs[last]
	q.jobs[last] = timedJob{}
	q.jobs = q.jobs[:last]
	i := 0
	for {
		l, r, least := 2*i+1, 2*i+2, i
		if l < last && q.jobs[l].before(q.jobs[least]) {
			least = l
		}
		if r < last && q.jobs[r].before(q.jobs[least]) {
			least = r
		}
		if least == i {
			break
		}
		q.jobs[i], q.jobs[least] = q.jobs[least], q.jobs[i]
		i = least
	}
	return top
}
