package honor

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// Option configures a Server.
type Option func(*options) error

type limit struct {
	n    int
	span time.Duration
}

type options struct {
	rate          limit
	maxBytes      int
	pushOff       map[string]bool
	tokenLifetime time.Duration
	pingInterval  time.Duration
	pongWait      time.Duration
}

// Defaults: tokens living an hour; no limits (Honor publishes none).
func defaultOptions() options {
	return options{pushOff: map[string]bool{}, tokenLifetime: oauth.DefaultLifetime}
}

// WithRateLimit answers calls beyond n per app within span with flow
// control (HTTP 503, code 81000001); n 0 turns it off.
func WithRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		if n < 0 || (n > 0 && span <= 0) {
			return fmt.Errorf("WithRateLimit: want a limit >= 0 and a positive window, got %d per %v", n, span)
		}
		o.rate = limit{n, span}
		return nil
	}
}

// WithMaxMessageBytes refuses bodies larger than n bytes, tokens not
// counted (80300008). Off by default: Honor documents no size; HMS's is
// 4096.
func WithMaxMessageBytes(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("WithMaxMessageBytes: want at least 1, got %d", n)
		}
		o.maxBytes = n
		return nil
	}
}

// WithPushServiceDisabled marks apps whose push service is not enabled on
// the Honor developer site: their sends fail with 80300002.
func WithPushServiceDisabled(appIDs ...string) Option {
	return func(o *options) error {
		for _, id := range appIDs {
			o.pushOff[id] = true
		}
		return nil
	}
}

// WithTokenLifetime sets how long an access token lives (default 1 h).
func WithTokenLifetime(d time.Duration) Option {
	return func(o *options) error {
		if d < time.Second {
			return fmt.Errorf("WithTokenLifetime: want at least a second, got %v", d)
		}
		o.tokenLifetime = d
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
