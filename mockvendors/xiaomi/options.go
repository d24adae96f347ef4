package xiaomi

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	dayQuota        int // 200002 per app per day; 0 is off
	publicDailyCap  int // 公信 messages per app and device per day; 0 is off
	privateChannels map[string]bool
	appRate         mockvendors.Limit // 10023 per app
	ipRate          mockvendors.Limit // 10022 per client IP
	maxTargets      int
	receiptInterval time.Duration
	keepalive       mockvendors.Keepalive
	legacyFeedback  bool
}

// Defaults: 1000 targets per call, receipts about once a second; every
// quota and rate limit off (the reference gives no numbers for them).
func defaultOptions() options {
	return options{maxTargets: 1000, receiptInterval: time.Second, privateChannels: map[string]bool{}}
}

// WithDailyQuota gives every app a daily quota of n accepted targets
// (data.day_quota; a push that does not fit fails with 200002). 0, the
// default, is no quota.
func WithDailyQuota(n int) Option {
	return func(o *options) error {
		o.dayQuota = n
		return mockvendors.CheckCount("WithDailyQuota", "quota", n)
	}
}

// WithPublicDailyCap caps public (公信) messages per app and device per
// day: those whose extra.channel_id is not one of the private channels.
// A capped message is accepted but not delivered (type-128 receipt). 0,
// the default, is no cap.
func WithPublicDailyCap(n int) Option {
	return func(o *options) error {
		o.publicDailyCap = n
		return mockvendors.CheckCount("WithPublicDailyCap", "cap", n)
	}
}

// WithPrivateChannels names the channel IDs approved as private (私信)
// channels on the console, such as the one an IM app sends with.
func WithPrivateChannels(ids ...string) Option {
	return func(o *options) error {
		for _, id := range ids {
			if id == "" {
				return fmt.Errorf("WithPrivateChannels: empty channel ID")
			}
			o.privateChannels[id] = true
		}
		return nil
	}
}

// WithRequestRateLimit refuses calls (code 10023) beyond n per app within
// span.
func WithRequestRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.appRate = mockvendors.Limit{N: n, Span: span}
		return o.appRate.Check("WithRequestRateLimit")
	}
}

// WithIPRateLimit refuses calls (code 10022) beyond n per client IP within
// span.
func WithIPRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.ipRate = mockvendors.Limit{N: n, Span: span}
		return o.ipRate.Check("WithIPRateLimit")
	}
}

// WithMaxTargets sets how many regIds, aliases or accounts one call may
// name (default 1000).
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

// WithKeepalive sets the device channel's ping interval and how long a
// silent device socket is kept (defaults 60s and 150s).
func WithKeepalive(ping, wait time.Duration) Option {
	return func(o *options) error {
		o.keepalive = mockvendors.Keepalive{Ping: ping, Wait: wait}
		return o.keepalive.Check()
	}
}

// WithLegacyFeedback serves the retired invalid-regId feedback API
// (/v1/feedback/fetch_invalid_regids) as it answered before Xiaomi took
// it offline in 2024, for backends still tested against it. By default
// it answers 10020 and points to type-16 receipts.
func WithLegacyFeedback() Option {
	return func(o *options) error {
		o.legacyFeedback = true
		return nil
	}
}
