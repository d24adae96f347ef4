package vivo

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	tokenLifetime      time.Duration
	authRate           mockvendors.Limit // 10093 per app
	systemDaily        int               // 10073 per app, formal system messages
	operationalDaily   int               // 10070 per app, formal operational messages
	testSystemDaily    int               // 10073 per app, test system messages
	testOperDaily      int               // 10070 per app, test operational messages
	operationalDevice  int               // operational messages per app and device per day, then held back
	hoursFrom, hoursTo int               // operational messages only in [from, to) China time (10071)
	receiptInterval    time.Duration
	keepalive          mockvendors.Keepalive
}

// Defaults from vivo's documents: auth tokens live 24 hours; auth is
// limited to 10 calls a second per app; system and operational messages
// each 10000 a day per app (the floor for an app with fewer than 10000
// subscribers); test messages 10000 system and 100 operational a day;
// operational messages at most 5 per device a day and only 07:00-23:00;
// receipts every second.
func defaultOptions() options {
	return options{
		tokenLifetime:     24 * time.Hour,
		authRate:          mockvendors.Limit{N: 10, Span: time.Second},
		systemDaily:       10000,
		operationalDaily:  10000,
		testSystemDaily:   10000,
		testOperDaily:     100,
		operationalDevice: 5,
		hoursFrom:         7,
		hoursTo:           23,
		receiptInterval:   time.Second,
	}
}

// WithAuthTokenLifetime sets how long an authToken is valid (default 24h).
func WithAuthTokenLifetime(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("WithAuthTokenLifetime: want a positive lifetime, got %v", d)
		}
		o.tokenLifetime = d
		return nil
	}
}

// WithAuthRateLimit refuses auth calls (10093) beyond n per app within
// span; n 0 turns the limit off. Default 10 per second.
func WithAuthRateLimit(n int, span time.Duration) Option {
	return func(o *options) error {
		o.authRate = mockvendors.Limit{N: n, Span: span}
		return o.authRate.Check("WithAuthRateLimit")
	}
}

func quota(name string, n int, dst *int) error {
	*dst = n
	return mockvendors.CheckCount(name, "quota", n)
}

// WithSystemDailyQuota caps formal system messages per app per day (10073);
// 0 is no cap. Default 10000.
func WithSystemDailyQuota(n int) Option {
	return func(o *options) error { return quota("WithSystemDailyQuota", n, &o.systemDaily) }
}

// WithOperationalDailyQuota caps formal operational messages per app per
// day (10070, "发送总量超出限制"); 0 is no cap. Default 10000.
func WithOperationalDailyQuota(n int) Option {
	return func(o *options) error { return quota("WithOperationalDailyQuota", n, &o.operationalDaily) }
}

// WithTestDailyQuotas caps test messages (pushMode 1) per app per day:
// system ones (10073) and operational ones (10070); 0 is no cap. Defaults
// 10000 and 100.
func WithTestDailyQuotas(system, operational int) Option {
	return func(o *options) error {
		if err := quota("WithTestDailyQuotas", system, &o.testSystemDaily); err != nil {
			return err
		}
		return quota("WithTestDailyQuotas", operational, &o.testOperDaily)
	}
}

// WithOperationalDeviceCap caps the operational messages one device
// receives from the app per day; messages over it are accepted but never
// delivered (a vendor.drop with reason vendor_quota_exceeded). 0 is no
// cap. Default 5 (vivo grants 2-5 by app category).
func WithOperationalDeviceCap(n int) Option {
	return func(o *options) error { return quota("WithOperationalDeviceCap", n, &o.operationalDevice) }
}

// WithOperationalHours sets the hours of the day (China time, from
// inclusive, to exclusive) in which operational messages may be sent;
// outside them a send is refused (10071). Default 7 to 23; 0 and 24
// allow any hour.
func WithOperationalHours(from, to int) Option {
	return func(o *options) error {
		if from < 0 || to > 24 || from >= to {
			return fmt.Errorf("WithOperationalHours: want 0 <= from < to <= 24, got %d and %d", from, to)
		}
		o.hoursFrom, o.hoursTo = from, to
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

// WithKeepalive sets the device channel's ping interval and how long a
// silent device socket is kept (defaults 60s and 150s).
func WithKeepalive(ping, wait time.Duration) Option {
	return func(o *options) error {
		o.keepalive = mockvendors.Keepalive{Ping: ping, Wait: wait}
		return o.keepalive.Check()
	}
}
