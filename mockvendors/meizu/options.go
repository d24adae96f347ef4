package meizu

import (
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	fold            mockvendors.Limit // 520 per app and device
	speed           mockvendors.Limit // 518 per app
	rate            mockvendors.Limit // top-level 110010 per app
	publicDailyCap  int               // 110011 per app and device
	appDailyCap     int               // 110019 per app
	maxTargets      int
	receiptInterval time.Duration
	blacklist       map[string]bool
	keepalive       mockvendors.Keepalive
}

// Defaults: folding after 5 messages a minute, 100 targets per call,
// receipts every second; other limits off.
func defaultOptions() options {
	return options{
		fold:            mockvendors.Limit{N: 5, Span: time.Minute},
		maxTargets:      100,
		receiptInterval: time.Second,
		blacklist:       map[string]bool{},
	}
}

// WithFolding folds (code 520) messages to one app on one device beyond n
// within span; n 0 turns folding off. Default 5 per minute.
func WithFolding(n int, span time.Duration) Option {
	return func(o *options) error {
		o.fold = mockvendors.Limit{N: n, Span: span}
		return o.fold.Check("WithFolding")
	}
}

// WithSpeedLimit refuses targets (code 518) beyond n per app within span.
func WithSpeedLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.speed = mockvendors.Limit{N: n, Span: span}
		return o.speed.Check("WithSpeedLimit")
	}
}

// WithRequestRateLimit refuses whole calls (top-level 110010) beyond n per
// app within span.
func WithRequestRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.rate = mockvendors.Limit{N: n, Span: span}
		return o.rate.Check("WithRequestRateLimit")
	}
}

// WithPublicDailyCap caps public (noticeMsgType 0) messages per app and
// device per day (code 110011); 0 is no cap.
func WithPublicDailyCap(n int) Option {
	return func(o *options) error {
		o.publicDailyCap = n
		return mockvendors.CheckCount("WithPublicDailyCap", "cap", n)
	}
}

// WithAppDailyCap caps accepted targets per app per day (code 110019); 0
// is no cap.
func WithAppDailyCap(n int) Option {
	return func(o *options) error {
		o.appDailyCap = n
		return mockvendors.CheckCount("WithAppDailyCap", "cap", n)
	}
}

// WithMaxTargets sets how many pushIds or aliases one call may name
// (default 100, as the API document says; some clients assume 1000).
func WithMaxTargets(n int) Option {
	return func(o *options) error {
		o.maxTargets = n
		return mockvendors.CheckAtLeastOne("WithMaxTargets", n)
	}
}

// WithReceiptInterval sets how often queued receipts are posted
// (default 1s).
func WithReceiptInterval(d time.Duration) Option {
	return func(o *options) error {
		o.receiptInterval = d
		return mockvendors.CheckInterval("WithReceiptInterval", d)
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
		o.keepalive = mockvendors.Keepalive{Ping: ping, Wait: wait}
		return o.keepalive.Check()
	}
}
