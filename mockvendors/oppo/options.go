package oppo

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
	tokenLifetime   time.Duration
	dailyQuota      int   // code 33: public messages per app per day
	publicDeviceCap int   // public messages per app and device per day, then held back
	rate            limit // code 55 per app
	maxBatch        int
	receiptInterval time.Duration
	disabled        map[string]bool
	quoted          bool
	pingInterval    time.Duration
	pongWait        time.Duration
}

// DefaultDailyQuota is the public (公信) messages an app may send per day:
// 100000 for an app with fewer than 50000 users (more users: twice their
// number).
const DefaultDailyQuota = 100000

// Defaults: auth tokens live 24 hours, 100000 public messages per app per
// day, 1000 messages per batch, receipts every second; other limits off.
func defaultOptions() options {
	return options{
		tokenLifetime:   24 * time.Hour,
		dailyQuota:      DefaultDailyQuota,
		maxBatch:        1000,
		receiptInterval: time.Second,
		disabled:        map[string]bool{},
	}
}

// WithAuthTokenLifetime sets how long an auth_token is valid (default 24h).
func WithAuthTokenLifetime(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("WithAuthTokenLifetime: want a positive lifetime, got %v", d)
		}
		o.tokenLifetime = d
		return nil
	}
}

// WithDailyQuota caps the public (公信) messages an app may send per day,
// counted per target (code 33); 0 is no cap. Default 100000. Private (私信)
// messages, those with a service or communication category such as IM,
// are not counted.
func WithDailyQuota(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithDailyQuota: negative quota %d", n)
		}
		o.dailyQuota = n
		return nil
	}
}

// WithPublicDeviceCap caps the public messages one device receives from
// the app per day (OPPO's 2-5 per app category since 2023); messages over
// it are accepted but never delivered (a vendor.drop with reason
// vendor_quota_exceeded). 0, the default, is no cap.
func WithPublicDeviceCap(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithPublicDeviceCap: negative cap %d", n)
		}
		o.publicDeviceCap = n
		return nil
	}
}

// WithRequestRateLimit refuses push calls (code 55) beyond n per app
// within span.
func WithRequestRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		if n < 0 || (n > 0 && span <= 0) {
			return fmt.Errorf("WithRequestRateLimit: want a limit >= 0 and a positive window, got %d per %v", n, span)
		}
		o.rate = limit{n, span}
		return nil
	}
}

// WithMaxBatch sets how many messages one unicast_batch call and how many
// regIds one broadcast may name (default 1000).
func WithMaxBatch(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return fmt.Errorf("WithMaxBatch: want at least 1, got %d", n)
		}
		o.maxBatch = n
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

// WithDisabledApps refuses the apps' auth and push calls (code 28) and
// their devices' registrations.
func WithDisabledApps(ids ...string) Option {
	return func(o *options) error {
		for _, id := range ids {
			o.disabled[id] = true
		}
		return nil
	}
}

// WithQuotedResponses writes every answer as a JSON string holding the
// JSON object, as some OPPO responses arrive (clients unquote them).
func WithQuotedResponses() Option {
	return func(o *options) error {
		o.quoted = true
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
