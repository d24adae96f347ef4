package huawei

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	rate            mockvendors.Limit // HTTP 503 per app
	marketingCap    int               // per app and device per day
	maxBytes        int
	pushOff         map[string]bool
	receiptInterval time.Duration
	tokenLifetime   time.Duration
	keepalive       mockvendors.Keepalive
}

// Defaults: 4096-byte messages, tokens living an hour, receipts every
// second; other limits off.
func defaultOptions() options {
	return options{
		maxBytes:        MaxMessageBytes,
		pushOff:         map[string]bool{},
		receiptInterval: time.Second,
		tokenLifetime:   oauth.DefaultLifetime,
	}
}

// WithRateLimit answers calls beyond n per app within span with flow
// control (HTTP 503); n 0 turns it off (the default: HMS publishes no
// numbers).
func WithRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.rate = mockvendors.Limit{N: n, Span: span}
		return o.rate.Check("WithRateLimit")
	}
}

// WithMarketingDailyCap caps marketing messages (category MARKETING or
// none) per app and device per day. Messages beyond the cap are accepted
// and never delivered (vendor.drop, vendor_quota_exceeded), as HMS
// throttles marketing messages on delivery. 0 is no cap (the default: the
// numbers depend on the app's category and are not published).
func WithMarketingDailyCap(n int) Option {
	return func(o *options) error {
		o.marketingCap = n
		return mockvendors.CheckCount("WithMarketingDailyCap", "cap", n)
	}
}

// WithMaxMessageBytes sets the largest message body, tokens not counted
// (default 4096; 80300008 beyond).
func WithMaxMessageBytes(n int) Option {
	return func(o *options) error {
		o.maxBytes = n
		return mockvendors.CheckAtLeastOne("WithMaxMessageBytes", n)
	}
}

// WithPushServiceDisabled marks apps whose push service is not enabled in
// AppGallery Connect: their sends fail with 80300002.
func WithPushServiceDisabled(appIDs ...string) Option {
	return func(o *options) error {
		for _, id := range appIDs {
			o.pushOff[id] = true
		}
		return nil
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
