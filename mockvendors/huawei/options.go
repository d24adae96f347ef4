package huawei

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
	rate            limit // HTTP 503 per app
	marketingCap    int   // per app and device per day
	maxBytes        int
	pushOff         map[string]bool
	receiptInterval time.Duration
	tokenLifetime   time.Duration
	pingInterval    time.Duration
	pongWait        time.Duration
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
		if n < 0 || (n > 0 && span <= 0) {
			return fmt.Errorf("WithRateLimit: want a limit >= 0 and a positive window, got %d per %v", n, span)
		}
		o.rate = limit{n, span}
		return nil
	}
}

// WithMarketingDailyCap caps marketing messages (category MARKETING or
// none) per app and device per day. Messages beyond the cap are accepted
// and never delivered (vendor.drop, vendor_quota_exceeded), as HMS
// throttles marketing messages on delivery. 0 is no cap (the default: the
// numbers depend on the app's category and are not published).
func WithMarketingDailyCap(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithMarketingDailyCap: negative cap %d", n)
		}
		o.marketingCap = n
		return nil
	}
}

// WithMaxMessageBytes sets the largest message body, tokens not counted
// (default 4096; 80300008 beyond).
func WithMaxMessageBytes(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("WithMaxMessageBytes: want at least 1, got %d", n)
		}
		o.maxBytes = n
		return nil
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
		if d <= 0 {
			return fmt.Errorf("WithReceiptInterval: want a positive interval, got %v", d)
		}
		o.receiptInterval = d
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
