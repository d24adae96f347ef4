package fcm

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

func (l limit) check(name string) error {
	if l.n < 0 || (l.n > 0 && l.span <= 0) {
		return fmt.Errorf("%s: want a limit >= 0 and a positive window, got %d per %v", name, l.n, l.span)
	}
	return nil
}

type options struct {
	projectQuota  limit // QUOTA_EXCEEDED per project
	deviceRate    limit // QUOTA_EXCEEDED per token, the per-minute throttle
	deviceHour    limit // QUOTA_EXCEEDED per token, the per-hour throttle
	unavailable   float64
	internal      float64
	maxPayload    int
	maxTopic      int
	tokenLifetime time.Duration
	pingInterval  time.Duration
	pongWait      time.Duration
}

// FCM's documented defaults: 600,000 messages a minute per project; to
// one device 240 messages a minute and 5,000 an hour.
const (
	DefaultProjectQuota = 600_000
	DefaultDeviceMinute = 240
	DefaultDeviceHour   = 5000
)

func defaultOptions() options {
	return options{
		projectQuota:  limit{DefaultProjectQuota, time.Minute},
		deviceRate:    limit{DefaultDeviceMinute, time.Minute},
		deviceHour:    limit{DefaultDeviceHour, time.Hour},
		maxPayload:    MaxPayload,
		maxTopic:      MaxTopicPayload,
		tokenLifetime: DefaultTokenLifetime,
	}
}

// WithProjectQuota answers 429 QUOTA_EXCEEDED once a project sent n
// requests within span (a sliding window, as FCM's minutes are not clock
// aligned; refused requests count too). Default 600,000 a minute; n 0
// turns it off.
func WithProjectQuota(n int, span time.Duration) Option {
	return func(o *options) error {
		o.projectQuota = limit{n, span}
		return o.projectQuota.check("WithProjectQuota")
	}
}

// WithDeviceRate answers 429 QUOTA_EXCEEDED to messages beyond n to one
// registration token within span, replacing FCM's per-minute device
// throttle (default 240 a minute; the 5,000 an hour stays).
func WithDeviceRate(n int, span time.Duration) Option {
	return func(o *options) error {
		o.deviceRate = limit{n, span}
		return o.deviceRate.check("WithDeviceRate")
	}
}

// WithServerErrors answers that fraction of sends 503 UNAVAILABLE and
// 500 INTERNAL, chosen from the seed by the request's content. Off by
// default.
func WithServerErrors(unavailable, internal float64) Option {
	return func(o *options) error {
		if unavailable < 0 || internal < 0 || unavailable+internal > 1 {
			return fmt.Errorf("WithServerErrors: want fractions >= 0 adding up to at most 1, got %v and %v", unavailable, internal)
		}
		o.unavailable, o.internal = unavailable, internal
		return nil
	}
}

// WithPayloadLimits sets the payload limits in bytes for token and for
// topic or condition messages (defaults 4096 and 2048); 0 is no limit.
func WithPayloadLimits(token, topic int) Option {
	return func(o *options) error {
		if token < 0 || topic < 0 {
			return fmt.Errorf("WithPayloadLimits: negative limit %d/%d", token, topic)
		}
		o.maxPayload, o.maxTopic = token, topic
		return nil
	}
}

// WithTokenLifetime sets how long an access token lives (default 1h).
func WithTokenLifetime(d time.Duration) Option {
	return func(o *options) error {
		if d < time.Second {
			return fmt.Errorf("WithTokenLifetime: want at least 1s, got %v", d)
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
