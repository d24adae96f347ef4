package meizu

import (
	"fmt"
	"time"
)

// Option configures a Server.
type Option func(*options) error

type limit struct {
	n    int
	span time.Duration
}

type options struct {
	fold            limit // 520 per app and device
	speed           limit // 518 per app
	rate            limit // top-level 110010 per app
	publicDailyCap  int   // 110011 per app and device
	appDailyCap     int   // 110019 per app
	maxTargets      int
	receiptInterval time.Duration
	blacklist       map[string]bool
	pingInterval    time.Duration
	pongWait        time.Duration
}

// Defaults: folding after 5 messages a minute, 100 targets per call,
// receipts every second; other limits off.
func defaultOptions() options {
	return options{
		fold:            limit{5, time.Minute},
		maxTargets:      100,
		receiptInterval: time.Second,
		blacklist:       map[string]bool{},
	}
}

func (l limit) check(name string) error {
	if l.n < 0 || (l.n > 0 && l.span <= 0) {
		return fmt.Errorf("%s: want a limit >= 0 and a positive window, got %d per %v", name, l.n, l.span)
	}
	return nil
}

// WithFolding folds (code 520) messages to one app on one device beyond n
// within span; n 0 turns folding off. Default 5 per minute.
func WithFolding(n int, span time.Duration) Option {
	return func(o *options) error {
		o.fold = limit{n, span}
		return o.fold.check("WithFolding")
	}
}

// WithSpeedLimit refuses targets (code 518) beyond n per app within span.
func WithSpeedLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.speed = limit{n, span}
		return o.speed.check("WithSpeedLimit")
	}
}

// WithRequestRateLimit refuses whole calls (top-level 110010) beyond n per
// app within span.
func WithRequestRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.rate = limit{n, span}
		return o.rate.check("WithRequestRateLimit")
	}
}

// WithPublicDailyCap caps public (noticeMsgType 0) messages per app and
// device per day (code 110011); 0 is no cap.
func WithPublicDailyCap(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithPublicDailyCap: negative cap %d", n)
		}
		o.publicDailyCap = n
		return nil
	}
}

// WithAppDailyCap caps accepted targets per app per day (code 110019); 0
// is no cap.
func WithAppDailyCap(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithAppDailyCap: negative cap %d", n)
		}
		o.appDailyCap = n
		return nil
	}
}

// WithMaxTargets sets how many pushIds or aliases one call may name
// (default 100, as the API document says; some clients assume 1000).
func WithMaxTargets(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("WithMaxTargets: want at least 1, got %d", n)
		}
		o.maxTargets = n
		return nil
	}
}

// WithReceiptInterval sets how often queued receipts are posted
// (default 1s).
func WithReceiptInterval(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("WithReceiptInterval: want a positive interval, got %v", d)
		}
		o.receiptInterval = d
		return nil
	}
}

// WithBlacklistedApps refuses the apps (code 110009).
func WithBlacklistedApps(ids ...string) Option {
	return func(o *options) error {
		for _, id := range ids {
			o.blacklist[id] = true
		}
		return nil
	}
}

// WithKeepalive sets the device channel's ping interval and how long a
// silent device socket is kept (defaults 60s and 150s).
func WithKeepalive(ping, wait time.Duration) Option {
	return func(o *options) error {
		if ping <= 0 || wait <= ping {
			return fmt.Errorf("WithKeepalive: want 0 < ping < wait, got %v and %v", ping, wait)
		}
		o.pingInterval, o.pongWait = ping, wait
		return nil
	}
}
