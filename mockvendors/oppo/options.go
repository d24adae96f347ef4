package oppo

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	tokenLifetime   time.Duration
	dailyQuota      int               // code 33: public messages per app per day
	publicDeviceCap int               // public messages per app and device per day, then held back
	rate            mockvendors.Limit // code 55 per app
	maxBatch        int
	receiptInterval time.Duration
	disabled        map[string]bool
	quoted          bool
	keepalive       mockvendors.Keepalive
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
		o.dailyQuota = n
		return mockvendors.CheckCount("WithDailyQuota", "quota", n)
	}
}

// WithPublicDeviceCap caps the public messages one device receives from
// the app per day (OPPO's 2-5 per app category since 2023); messages over
// it are accepted but never delivered (a vendor.drop with reason
// vendor_quota_exceeded). 0 is no cap; vendors.oppo.limits starts it at
// 5, the top of that range.
func WithPublicDeviceCap(n int) Option {
	return func(o *options) error {
		o.publicDeviceCap = n
		return mockvendors.CheckCount("WithPublicDeviceCap", "cap", n)
	}
}

// WithRequestRateLimit refuses push calls (code 55) beyond n per app
// within span.
func WithRequestRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.rate = mockvendors.Limit{N: n, Span: span}
		return o.rate.Check("WithRequestRateLimit")
	}
}

// WithMaxBatch sets how many messages one unicast_batch call and how many
// regIds one broadcast may name (default 1000).
func WithMaxBatch(n int) Option {
	return func(o *options) error {
		o.maxBatch = n
		return mockvendors.CheckAtLeastOne("WithMaxBatch", n)
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
		o.keepalive = mockvendors.Keepalive{Ping: ping, Wait: wait}
		return o.keepalive.Check()
	}
}
