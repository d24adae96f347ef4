package mockvendors

import (
	"sync"
	"time"
)

// Window limits events per key to Limit within a sliding Span of
// (simulated) time: folding, speed limits and request rates. A zero Limit
// allows everything.
type Window struct {
	limit int
	span  time.Duration

	mu     sync.Mutex
	events map[string][]time.Time
}

// NewWindow returns a window allowing limit events per key within span.
func NewWindow(limit int, span time.Duration) *Window {
	return &Window{limit: limit, span: span, events: map[string][]time.Time{}}
}

// Allow reports whether one more event for key fits at now, and if so
// counts it. Events older than the span (now-t >= span) no longer count.
func (w *Window) Allow(key string, now time.Time) bool {
	if w == nil || w.limit <= 0 {
		return true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	kept := w.prune(key, now)
	if len(kept) >= w.limit {
		return false
	}
	w.events[key] = append(kept, now)
	return true
}

// Full reports whether key has no room left at now.
func (w *Window) Full(key string, now time.Time) bool {
	return w != nil && w.limit > 0 && w.Count(key, now) >= w.limit
}

// Add counts one event for key at now, whatever the limit.
func (w *Window) Add(key string, now time.Time) {
	if w == nil || w.limit <= 0 {
		return
	}
	w.mu.Lock()
	w.events[key] = append(w.prune(key, now), now)
	w.mu.Unlock()
}

// Count is the number of events for key within the span before now.
func (w *Window) Count(key string, now time.Time) int {
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.prune(key, now))
}

func (w *Window) prune(key string, now time.Time) []time.Time {
	ev := w.events[key]
	i := 0
	for i < len(ev) && now.Sub(ev[i]) >= w.span {
		i++
	}
	ev = ev[i:]
	if len(ev) == 0 {
		delete(w.events, key)
		return nil
	}
	w.events[key] = ev
	return ev
}

// DailyQuota limits events per key to Limit per calendar day in a time
// zone. A zero Limit allows everything.
type DailyQuota struct {
	limit int
	loc   *time.Location

	mu     sync.Mutex
	day    string
	counts map[string]int
}

// ChinaStandardTime is UTC+8, where the Chinese vendors' days turn.
var ChinaStandardTime = time.FixedZone("CST", 8*60*60)

// NewDailyQuota returns a quota of limit per key per day in loc (nil means
// ChinaStandardTime).
func NewDailyQuota(limit int, loc *time.Location) *DailyQuota {
	if loc == nil {
		loc = ChinaStandardTime
	}
	return &DailyQuota{limit: limit, loc: loc, counts: map[string]int{}}
}

// Allow reports whether one more event for key fits today, and if so
// counts it.
func (q *DailyQuota) Allow(key string, now time.Time) bool {
	if q == nil || q.limit <= 0 {
		return true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.turn(now)
	if q.counts[key] >= q.limit {
		return false
	}
	q.counts[key]++
	return true
}

// Exhausted reports whether key has no quota left today.
func (q *DailyQuota) Exhausted(key string, now time.Time) bool {
	if q == nil || q.limit <= 0 {
		return false
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.turn(now)
	return q.counts[key] >= q.limit
}

// Add counts one event for key today, whatever the limit.
func (q *DailyQuota) Add(key string, now time.Time) {
	if q == nil || q.limit <= 0 {
		return
	}
	q.mu.Lock()
	q.turn(now)
	q.counts[key]++
	q.mu.Unlock()
}

// turn forgets yesterday's counts once the day changes.
func (q *DailyQuota) turn(now time.Time) {
	if day := now.In(q.loc).Format(time.DateOnly); day != q.day {
		q.day = day
		clear(q.counts)
	}
}
