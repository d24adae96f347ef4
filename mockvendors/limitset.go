package mockvendors

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// LimitSpec is one frequency limit or quota of a vendor, by the name a
// scenario's vendors.<vendor>.limits uses for it.
type LimitSpec struct {
	// Name is the limit's name in the scenario format.
	Name string
	// Default is the documented number, in force unless switched off; 0
	// means the vendor publishes none, so the limit is off until a
	// scenario gives a number.
	Default int
	// Span is the sliding window the number counts in; 0 means a calendar
	// day (China time for the Chinese vendors).
	Span time.Duration
	// Per is what is counted: "app", "device", "project" or "ip".
	Per string
	// Code is the vendor's answer once the limit is reached.
	Code string
	// Reason is the reason code the IM records for that answer.
	Reason protocol.Reason
}

// Window describes the limit's window for people: "1s", "1m0s" or "day".
func (s LimitSpec) Window() string {
	if s.Span == 0 {
		return "day"
	}
	return s.Span.String()
}

// VendorLimits are every vendor's named limits with their documented
// numbers. Each vendor mock applies its own through LimitOption.
var VendorLimits = map[protocol.Vendor][]LimitSpec{
	protocol.VendorMeizu: {
		{Name: "folding", Default: 5, Span: time.Minute, Per: "device", Code: "520", Reason: protocol.ReasonVendorFolded},
		{Name: "speed", Span: time.Second, Per: "app", Code: "518", Reason: protocol.ReasonVendorRateLimited},
		{Name: "rate", Span: time.Second, Per: "app", Code: "110010", Reason: protocol.ReasonVendorRateLimited},
		{Name: "public_device_daily", Per: "device", Code: "110011", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "app_daily", Per: "app", Code: "110019", Reason: protocol.ReasonVendorQuotaExceeded},
	},
	protocol.VendorXiaomi: {
		{Name: "app_daily", Per: "app", Code: "200002", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "public_device_daily", Per: "device", Code: "receipt type 128", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "rate", Span: time.Second, Per: "app", Code: "10023", Reason: protocol.ReasonVendorRateLimited},
		{Name: "ip_rate", Span: time.Second, Per: "ip", Code: "10022", Reason: protocol.ReasonVendorRateLimited},
	},
	protocol.VendorHuawei: {
		{Name: "rate", Span: time.Second, Per: "app", Code: "HTTP 503", Reason: protocol.ReasonVendorRateLimited},
		{Name: "marketing_device_daily", Per: "device", Code: "dropped", Reason: protocol.ReasonVendorQuotaExceeded},
	},
	protocol.VendorHonor: {
		{Name: "rate", Span: time.Second, Per: "app", Code: "HTTP 503 / 81000001", Reason: protocol.ReasonVendorRateLimited},
	},
	protocol.VendorOPPO: {
		{Name: "app_daily", Default: 100000, Per: "app", Code: "33", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "public_device_daily", Default: 5, Per: "device", Code: "dropped", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "rate", Span: time.Second, Per: "app", Code: "55", Reason: protocol.ReasonVendorRateLimited},
	},
	protocol.VendorVivo: {
		{Name: "auth", Default: 10, Span: time.Second, Per: "app", Code: "10093", Reason: protocol.ReasonVendorRateLimited},
		{Name: "system_daily", Default: 10000, Per: "app", Code: "10073", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "operational_daily", Default: 10000, Per: "app", Code: "10070", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "operational_device_daily", Default: 5, Per: "device", Code: "dropped", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "test_system_daily", Default: 10000, Per: "app", Code: "10073", Reason: protocol.ReasonVendorQuotaExceeded},
		{Name: "test_operational_daily", Default: 100, Per: "app", Code: "10070", Reason: protocol.ReasonVendorQuotaExceeded},
	},
	protocol.VendorFCM: {
		{Name: "project", Default: 600_000, Span: time.Minute, Per: "project", Code: "429 QUOTA_EXCEEDED", Reason: protocol.ReasonVendorRateLimited},
		{Name: "device_minute", Default: 240, Span: time.Minute, Per: "device", Code: "429 QUOTA_EXCEEDED", Reason: protocol.ReasonVendorRateLimited},
		{Name: "device_hour", Default: 5000, Span: time.Hour, Per: "device", Code: "429 QUOTA_EXCEEDED", Reason: protocol.ReasonVendorRateLimited},
	},
	protocol.VendorAPNs: {
		{Name: "device", Span: time.Minute, Per: "device", Code: "429 TooManyRequests", Reason: protocol.ReasonVendorRateLimited},
	},
}

// LimitNames lists vendor v's limit names in the order VendorLimits gives.
func LimitNames(v protocol.Vendor) []string {
	var out []string
	for _, s := range VendorLimits[v] {
		out = append(out, s.Name)
	}
	return out
}

// LimitSetting is how a scenario sets one named limit: Off, or N (a
// positive number replacing the documented one), or neither (on, at the
// documented number).
type LimitSetting struct {
	Off bool
	N   int
}

// Limits is how a vendor's limits are configured. The zero value is
// "default": every limit at its documented number.
type Limits struct {
	// Off switches every limit off.
	Off bool
	// Set overrides single limits by name; the others stay at their
	// documented numbers (or off, with Off).
	Set map[string]LimitSetting
}

// N is the number limit s runs with under l; 0 is off.
func (l Limits) N(s LimitSpec) int {
	if set, ok := l.Set[s.Name]; ok {
		switch {
		case set.Off:
			return 0
		case set.N > 0:
			return set.N
		}
		return s.Default
	}
	if l.Off {
		return 0
	}
	return s.Default
}

// Check reports names vendor v has no limit by, negative numbers, and a
// limit switched "on" that has no documented number.
func (l Limits) Check(v protocol.Vendor) error {
	specs := VendorLimits[v]
	names := make([]string, 0, len(l.Set))
	for name := range l.Set {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		set := l.Set[name]
		i := slices.IndexFunc(specs, func(s LimitSpec) bool { return s.Name == name })
		switch {
		case i < 0:
			return fmt.Errorf("%s has no limit %q (known: %s)", v, name, strings.Join(LimitNames(v), ", "))
		case set.N < 0:
			return fmt.Errorf("%s limit %s: negative number %d", v, name, set.N)
		case !set.Off && set.N == 0 && specs[i].Default == 0:
			return fmt.Errorf("%s limit %s: %s publishes no number for it; give one", v, name, v)
		}
	}
	return nil
}

// LimitSetters set one named limit in a vendor's options: n per span (n 0
// is off; span 0 means per day).
type LimitSetters[O any] map[string]func(o *O, n int, span time.Duration)

// LimitOption returns the option that puts vendor v's limits, as l
// configures them, into its options. Put it before the caller's own
// options so that those still win.
func LimitOption[O any, F ~func(*O) error](v protocol.Vendor, l Limits, set LimitSetters[O]) F {
	return func(o *O) error {
		if err := l.Check(v); err != nil {
			return err
		}
		for _, s := range VendorLimits[v] {
			f, ok := set[s.Name]
			if !ok {
				return fmt.Errorf("%s limit %s: the mock does not implement it", v, s.Name)
			}
			f(o, l.N(s), s.Span)
		}
		return nil
	}
}

// LimitField is a setter for a Limit field of a vendor's options.
func LimitField[O any](field func(*O) *Limit) func(*O, int, time.Duration) {
	return func(o *O, n int, span time.Duration) { *field(o) = Limit{N: n, Span: span} }
}

// CountField is a setter for a per-day count field of a vendor's options.
func CountField[O any](field func(*O) *int) func(*O, int, time.Duration) {
	return func(o *O, n int, _ time.Duration) { *field(o) = n }
}

// MarshalJSON writes l as the scenario format does: "default", "off" or
// an object of limit names to "off", "on" or a number.
func (l Limits) MarshalJSON() ([]byte, error) { return json.Marshal(l.value()) }

// MarshalYAML writes l as the scenario format does (see MarshalJSON).
func (l Limits) MarshalYAML() (any, error) { return l.value(), nil }

// value is l in the scenario format's words.
func (l Limits) value() any {
	if len(l.Set) == 0 {
		if l.Off {
			return "off"
		}
		return "default"
	}
	m := map[string]any{}
	for name, s := range l.Set {
		switch {
		case s.Off:
			m[name] = "off"
		case s.N > 0:
			m[name] = s.N
		default:
			m[name] = "on"
		}
	}
	return m
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *Limits) UnmarshalJSON(b []byte) error {
	var word string
	if json.Unmarshal(b, &word) == nil {
		switch word {
		case "default", "":
			*l = Limits{}
		case "off":
			*l = Limits{Off: true}
		default:
			return fmt.Errorf("limits: want default, off or an object of limit names, got %q", word)
		}
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("limits: want default, off or an object of limit names: %w", err)
	}
	*l = Limits{Set: map[string]LimitSetting{}}
	for name, raw := range m {
		var n int
		if json.Unmarshal(raw, &n) == nil && n > 0 {
			l.Set[name] = LimitSetting{N: n}
			continue
		}
		switch err := json.Unmarshal(raw, &word); {
		case err == nil && word == "off":
			l.Set[name] = LimitSetting{Off: true}
		case err == nil && word == "on":
			l.Set[name] = LimitSetting{}
		default:
			return fmt.Errorf("limits.%s: want off, on or a positive number, got %s", name, raw)
		}
	}
	return nil
}

// IsZero reports whether l is the default (every limit on).
func (l Limits) IsZero() bool { return !l.Off && len(l.Set) == 0 }
