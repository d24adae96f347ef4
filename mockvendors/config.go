package mockvendors

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/trace"
)

// DefaultLatency is a vendor's delivery latency when its Config names none
// (the scenario format's default {median: 500ms, p99: 3s}).
var DefaultLatency = seed.Latency{Median: 500 * time.Millisecond, P99: 3 * time.Second}

// DefaultHTTPTimeout bounds the calls a mock makes (receipts, callbacks)
// when its Config has no HTTPClient.
const DefaultHTTPTimeout = 10 * time.Second

// Config is what every vendor mock is built from.
type Config struct {
	// Trace receives the vendor's events; nil records nothing.
	Trace *trace.Trace
	// Seed is the root seed every random choice is drawn from.
	Seed seed.Root
	// Latency is the delay from acceptance to the device channel.
	// Zero means DefaultLatency.
	Latency seed.Latency
	// DropRate is the probability that an accepted notification is never
	// delivered (0 to 1).
	DropRate float64
	// HTTPClient makes the vendor's own outgoing calls (receipts and
	// callbacks); in a virtual-time run it dials the in-memory network.
	HTTPClient *http.Client
	// Apps are the apps registered on the vendor's developer platform.
	Apps []App
	// Limits configures the vendor's documented frequency limits and
	// quotas (VendorLimits); the zero value keeps them all on.
	Limits Limits
	// Faults are the fault rules in force from the start; more can be
	// added and cleared through the Server's Faults.
	Faults []FaultRule
	// ReceiptHosts are the hosts, beside loopback (127.0.0.0/8, ::1,
	// localhost), that a request may name as its receipt address when its
	// app registered none (see ReceiptAllowed). A host "*" allows any.
	ReceiptHosts []string
	// MaxMessages bounds the accepted messages the vendor keeps for
	// GET /_pushsim/vendors/<vendor>/messages: the newest that many
	// (0: every one).
	MaxMessages int
}

// ReceiptAllowed reports whether a request of app may have its receipts
// posted to u: one of the app's CallbackURLs exactly when it registered
// some; otherwise an http(s) URL whose host is loopback or one of
// ReceiptHosts. Nothing else is ever posted to, so a request cannot make
// the mock call into a network it names.
func (c Config) ReceiptAllowed(app App, u string) bool {
	if len(app.CallbackURLs) > 0 {
		return slices.Contains(app.CallbackURLs, u)
	}
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" || pu.User != nil {
		return false
	}
	host := strings.ToLower(strings.TrimSuffix(pu.Hostname(), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, h := range c.ReceiptHosts {
		if h == "*" || strings.EqualFold(strings.TrimSuffix(h, "."), host) {
			return true
		}
	}
	return false
}

// WithDefaults returns c with zero fields set to their defaults.
func (c Config) WithDefaults() Config {
	if c.Latency == (seed.Latency{}) {
		c.Latency = DefaultLatency
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: DefaultHTTPTimeout}
	}
	return c
}

// Validate reports what is wrong with c.
func (c Config) Validate() error {
	var errs []error
	if c.DropRate < 0 || c.DropRate > 1 {
		errs = append(errs, fmt.Errorf("drop_rate %v is outside [0, 1]", c.DropRate))
	}
	if c.Latency.Median < 0 || c.Latency.P99 < 0 {
		errs = append(errs, fmt.Errorf("latency %v/%v is negative", c.Latency.Median, c.Latency.P99))
	}
	names := map[string]bool{}
	for _, r := range c.Faults {
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("fault rule %s: %w", r.Name, err))
		}
		if names[r.Name] {
			errs = append(errs, fmt.Errorf("fault rule %s is listed twice", r.Name))
		}
		names[r.Name] = true
	}
	seen := map[string]bool{}
	for i, a := range c.Apps {
		switch {
		case a.ID == "":
			errs = append(errs, fmt.Errorf("app %d has no ID", i))
		case seen[a.ID]:
			errs = append(errs, fmt.Errorf("app %s is listed twice", a.ID))
		}
		seen[a.ID] = true
	}
	return errors.Join(errs...)
}

// Record appends e to the trace, if there is one.
func (c Config) Record(e trace.Event) {
	if c.Trace != nil {
		c.Trace.Add(e)
	}
}
