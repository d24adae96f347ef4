package fakeim

import "time"

// timer is a time.AfterFunc that Close stops and waits for, and that does
// nothing once stopped.
type timer struct {
	t       *time.Timer
	stopped bool
}

// afterLocked runs f with s.mu held after d, unless the timer is stopped
// or the server closed first. s.mu must be held.
func (s *Server) afterLocked(d time.Duration, f func()) *timer {
	if s.closed {
		return &timer{stopped: true}
	}
	t := &timer{}
	s.timers[t] = struct{}{}
	s.wg.Add(1)
	t.t = time.AfterFunc(d, func() {
		defer s.wg.Done()
		s.mu.Lock()
		defer s.mu.Unlock()
		if t.stopped || s.closed {
			return
		}
		t.stopped = true
		delete(s.timers, t)
		f()
	})
	return t
}

// stopTimerLocked cancels t. s.mu must be held. A nil t is fine.
func (s *Server) stopTimerLocked(t *timer) {
	if t == nil || t.stopped {
		return
	}
	t.stopped = true
	delete(s.timers, t)
	if t.t.Stop() {
		// The callback will never run, so it cannot count itself done.
		s.wg.Done()
	}
}
