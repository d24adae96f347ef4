package mockvendors

import (
	"fmt"
	"time"
)

// Limit allows N events per Span: a rate limit or a folding rule. N 0 is
// no limit.
type Limit struct {
	N    int
	Span time.Duration
}

// Check reports what is wrong with the limit the option called name was
// given: a negative N, or a positive N without a positive Span.
func (l Limit) Check(name string) error {
	if l.N < 0 || (l.N > 0 && l.Span <= 0) {
		return fmt.Errorf("%s: want a limit >= 0 and a positive window, got %d per %v", name, l.N, l.Span)
	}
	return nil
}

// Window returns a sliding window that enforces the limit.
func (l Limit) Window() *Window { return NewWindow(l.N, l.Span) }

// Keepalive is how a Hub watches device sockets: it pings every Ping and
// gives up on a socket silent for Wait. Zero fields mean the Hub's
// defaults.
type Keepalive struct {
	Ping, Wait time.Duration
}

// Check reports what is wrong with a keepalive given to WithKeepalive.
func (k Keepalive) Check() error {
	if k.Ping <= 0 || k.Wait <= k.Ping {
		return fmt.Errorf("WithKeepalive: want 0 < ping < wait, got %v and %v", k.Ping, k.Wait)
	}
	return nil
}

// CheckInterval reports an interval the option called name cannot take:
// one that is not positive.
func CheckInterval(name string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s: want a positive interval, got %v", name, d)
	}
	return nil
}

// CheckCount reports a count (a cap or a quota, as what says) the option
// called name cannot take: a negative one.
func CheckCount(name, what string, n int) error {
	if n < 0 {
		return fmt.Errorf("%s: negative %s %d", name, what, n)
	}
	return nil
}

// CheckAtLeastOne reports a size the option called name cannot take: one
// below 1.
func CheckAtLeastOne(name string, n int) error {
	if n < 1 {
		return fmt.Errorf("%s: want at least 1, got %d", name, n)
	}
	return nil
}
