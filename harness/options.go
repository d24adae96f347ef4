package harness

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Mode is how an environment's servers and devices reach each other.
type Mode int

const (
	// Embedded runs everything over an in-memory network. Started from a
	// context given by VirtualTime or RunVirtual it runs in virtual time.
	Embedded Mode = iota
	// Loopback listens on a real loopback socket and runs in real time.
	Loopback
)

// String names the mode.
func (m Mode) String() string {
	if m == Loopback {
		return "loopback"
	}
	return "embedded"
}

type options struct {
	vendors   []protocol.Vendor
	mode      Mode
	listen    string
	tlsListen string
	timeout   time.Duration

	adminToken   string
	allowedHosts []string
	clientCAs    []byte
	limits       Limits
}

// Limits bound what a long-running environment holds and accepts. A zero
// field means no limit, the default: a scenario run keeps everything, so
// its verdicts read the whole trace.
type Limits struct {
	// TraceMaxEvents keeps at most this many trace events, the newest.
	TraceMaxEvents int
	// TraceMaxAge drops trace events older than this before the newest.
	TraceMaxAge time.Duration
	// VendorMaxMessages bounds each vendor's list of accepted messages.
	VendorMaxMessages int
	// LoginDeadline closes an IM websocket on which nobody logged in
	// within this long after it opened.
	LoginDeadline time.Duration
	// MaxConnections caps the open connections of each listener
	// (loopback mode).
	MaxConnections int
}

// ServeLimits are the limits pushsim serve applies unless told otherwise.
var ServeLimits = Limits{
	TraceMaxEvents:    200_000,
	VendorMaxMessages: 20_000,
	LoginDeadline:     30 * time.Second,
	MaxConnections:    4096,
}

// WithLimits bounds the environment (see Limits).
func WithLimits(l Limits) Option {
	return func(o *options) error {
		if l.TraceMaxEvents < 0 || l.TraceMaxAge < 0 || l.VendorMaxMessages < 0 || l.LoginDeadline < 0 || l.MaxConnections < 0 {
			return fmt.Errorf("limits %+v: none may be negative", l)
		}
		o.limits = l
		return nil
	}
}

// Option customises Start.
type Option func(*options) error

// WithMode picks embedded (default) or loopback.
func WithMode(m Mode) Option {
	return func(o *options) error {
		if m != Embedded && m != Loopback {
			return errors.New("unknown mode")
		}
		o.mode = m
		return nil
	}
}

// WithListen sets the loopback listen address (default 127.0.0.1:0) and
// selects Loopback mode.
func WithListen(addr string) Option {
	return func(o *options) error {
		if addr == "" {
			return errors.New("empty listen address")
		}
		o.mode, o.listen = Loopback, addr
		return nil
	}
}

// WithTLSListen adds a TLS listener (HTTP/2 and HTTP/1.1) on addr, serving
// the same routes with a certificate from a fresh local CA (Env.CACertPEM).
// Loopback mode only.
func WithTLSListen(addr string) Option {
	return func(o *options) error {
		if addr == "" {
			return errors.New("empty TLS listen address")
		}
		o.tlsListen = addr
		return nil
	}
}

// WithAdminToken requires "Authorization: Bearer token" on every
// /_pushsim/ route (see Handler). An empty token requires none.
func WithAdminToken(token string) Option {
	return func(o *options) error {
		if strings.ContainsAny(token, " \t\r\n") {
			return errors.New("the admin token must not contain white space")
		}
		o.adminToken = token
		return nil
	}
}

// WithAllowedHosts names hosts (beside loopback and the listen address)
// that may appear in the Host and Origin of requests to the admin API and
// the device websockets, e.g. the name a container is reached by.
func WithAllowedHosts(hosts ...string) Option {
	return func(o *options) error {
		for _, h := range hosts {
			if strings.TrimSpace(h) == "" || strings.ContainsAny(h, "/ ") {
				return fmt.Errorf("allowed host %q: give a host name or address", h)
			}
		}
		o.allowedHosts = append(o.allowedHosts, hosts...)
		return nil
	}
}

// WithClientCAs trusts these PEM CA certificates, beside the TLS
// listener's own CA, for APNs client certificate authentication. Without a
// TLS listener or this option, no client certificate is accepted.
func WithClientCAs(pemCerts []byte) Option {
	return func(o *options) error {
		if len(pemCerts) == 0 {
			return errors.New("empty client CAs")
		}
		o.clientCAs = append(o.clientCAs, pemCerts...)
		return nil
	}
}

// WithVendors runs only these vendor mocks (default: every vendor). A
// scenario runs faster with just the vendors it uses.
func WithVendors(vs ...protocol.Vendor) Option {
	return func(o *options) error {
		for _, v := range vs {
			if _, err := protocol.ParseVendor(string(v)); err != nil {
				return err
			}
		}
		o.vendors = vs
		return nil
	}
}

// WithTimeout bounds every single action and request (default 30s of
// simulated or real time).
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return errors.New("timeout must be positive")
		}
		o.timeout = d
		return nil
	}
}

func newOptions(opts []Option) (options, error) {
	o := options{mode: Embedded, listen: "127.0.0.1:0", timeout: 30 * time.Second}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return o, err
		}
	}
	return o, nil
}

// runs reports whether the vendor's mock is started.
func (o options) runs(v protocol.Vendor) bool {
	return o.vendors == nil || slices.Contains(o.vendors, v)
}
