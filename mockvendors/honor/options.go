package honor

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	rate          mockvendors.Limit
	maxBytes      int
	pushOff       map[string]bool
	tokenLifetime time.Duration
	keepalive     mockvendors.Keepalive
}

// Defaults: tokens living an hour; no limits (Honor publishes none).
func defaultOptions() options {
	return options{pushOff: map[string]bool{}, tokenLifetime: oauth.DefaultLifetime}
}

// WithRateLimit answers calls beyond n per app within span with flow
// control (HTTP 503, code 81000001); n 0 turns it off.
func WithRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.rate = mockvendors.Limit{N: n, Span: span}
		return o.rate.Check("WithRateLimit")
	}
}

// WithMaxMessageBytes refuses bodies larger than n bytes, tokens not
// counted (80300008). Off by default: Honor documents no size; HMS's is
// 4096.
func WithMaxMessageBytes(n int) Option {
	return func(o *options) error {
		o.maxBytes = n
		return mockvendors.CheckAtLeastOne("WithMaxMessageBytes", n)
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
		o.keepalive = mockvendors.Keepalive{Ping: ping, Wait: wait}
		return o.keepalive.Check()
	}
}
