package xiaomi

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
	dayQuota        int // 200002 per app per day; 0 is off
	publicDailyCap  int // 公信 messages per app and device per day; 0 is off
	privateChannels map[string]bool
	appRate         limit // 10023 per app
	ipRate          limit // 10022 per client IP
	maxTargets      int
	receiptInterval time.Duration
	pingInterval    time.Duration
	pongWait        time.Duration
}

// Defaults: 1000 targets per call, receipts about once a second; every
// quota and rate limit off (the reference gives no numbers for them).
func defaultOptions() options {
	return options{maxTargets: 1000, receiptInterval: time.Second, privateChannels: map[string]bool{}}
}

func (l limit) check(name string) error {
	if l.n < 0 || (l.n > 0 && l.span <= 0) {
		return fmt.Errorf("%s: want a limit >= 0 and a positive window, got %d per %v", name, l.n, l.span)
	}
	return nil
}

// WithDailyQuota gives every app a daily quota of n accepted targets
// (data.day_quota; a push that does not fit fails with 200002). 0, the
// default, is no quota.
func WithDailyQuota(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithDailyQuota: negative quota %d", n)
		}
		o.dayQuota = n
		return nil
	}
}

// WithPublicDailyCap caps public (公信) messages per app and device per
// day: those whose extra.channel_id is not one of the private channels.
// A capped message is accepted but not delivered (type-128 receipt). 0,
// the default, is no cap.
func WithPublicDailyCap(n int) Option {
	return func(o *options) error {
		if n < 0 {
			return fmt.Errorf("WithPublicDailyCap: negative cap %d", n)
		}
		o.publicDailyCap = n
		return nil
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
		o.appRate = limit{n, span}
		return o.appRate.check("WithRequestRateLimit")
	}
}

// WithIPRateLimit refuses calls (code 10022) beyond n per client IP within
// span.
func WithIPRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.ipRate = limit{n, span}
		return o.ipRate.check("WithIPRateLimit")
	}
}

// WithMaxTargets sets how many regIds, aliases or accounts one call may
// name (default 1000).
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
