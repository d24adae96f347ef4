package apns

import (
	"crypto/x509"
	"fmt"
	"time"
)

// Option configures a Server.
type Option func(*options) error

type options struct {
	tokenLifetime  time.Duration // ExpiredProviderToken after this
	tokenRefresh   time.Duration // TooManyProviderTokenUpdates within this
	deviceRate     int           // TooManyRequests per device token ...
	deviceSpan     time.Duration // ... within this window
	unavailable    float64
	internal       float64
	defaultStorage time.Duration
	pingInterval   time.Duration
	pongWait       time.Duration
	clientCAs      *x509.CertPool
}

// Provider token rules: a token is good for an hour after it was issued,
// and a new one should not come within 20 minutes of the last.
const (
	DefaultTokenLifetime = time.Hour
	DefaultTokenRefresh  = 20 * time.Minute
)

// DefaultStorage is how long the mock keeps a notification without
// apns-expiration for an offline device (pushsim's choice).
const DefaultStorage = 30 * 24 * time.Hour

func defaultOptions() options {
	return options{tokenLifetime: DefaultTokenLifetime, tokenRefresh: DefaultTokenRefresh, defaultStorage: DefaultStorage}
}

// WithProviderTokenLifetime sets how long after its iat a provider token
// is accepted (default 1h; ExpiredProviderToken after).
func WithProviderTokenLifetime(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("WithProviderTokenLifetime: want a positive lifetime, got %v", d)
		}
		o.tokenLifetime = d
		return nil
	}
}

// WithProviderTokenRefresh sets the shortest interval between new tokens
// for one key (default 20 min; TooManyProviderTokenUpdates within it); 0
// turns the rule off.
func WithProviderTokenRefresh(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("WithProviderTokenRefresh: negative interval %v", d)
		}
		o.tokenRefresh = d
		return nil
	}
}

// WithDeviceRate answers 429 TooManyRequests to notifications beyond n to
// one device token within span. Off by default.
func WithDeviceRate(n int, span time.Duration) Option {
	return func(o *options) error {
		if n < 0 || (n > 0 && span <= 0) {
			return fmt.Errorf("WithDeviceRate: want a limit >= 0 and a positive window, got %d per %v", n, span)
		}
		o.deviceRate, o.deviceSpan = n, span
		return nil
	}
}

// WithServerErrors answers that fraction of notifications 503
// ServiceUnavailable and 500 InternalServerError, chosen from the seed by
// the request's content. Off by default.
func WithServerErrors(unavailable, internal float64) Option {
	return func(o *options) error {
		if unavailable < 0 || internal < 0 || unavailable+internal > 1 {
			return fmt.Errorf("WithServerErrors: want fractions >= 0 adding up to at most 1, got %v and %v", unavailable, internal)
		}
		o.unavailable, o.internal = unavailable, internal
		return nil
	}
}

// WithDefaultStorage sets how long a notification without apns-expiration
// waits for an offline device (default 30 days).
func WithDefaultStorage(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("WithDefaultStorage: want a positive duration, got %v", d)
		}
		o.defaultStorage = d
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

// WithClientCAs trusts pool's CAs for TLS client certificate
// authentication: a certificate must chain to one of them (for client
// authentication) or the push is refused 403 BadCertificate. Without it no
// certificate passes (pushsim serve --tls-listen gives the CA it made).
func WithClientCAs(pool *x509.CertPool) Option {
	return func(o *options) error {
		o.clientCAs = pool
		return nil
	}
}
