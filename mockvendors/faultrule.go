package mockvendors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Operations a fault rule can name. A vendor's other API calls are named
// by the last element of their path (e.g. "subscribe").
const (
	OpPush = "push"
	OpAuth = "auth"
)

// FaultRule is one injected vendor fault: which calls it hits (Op, Match,
// the From/Until window and Probability) and what it does, exactly one
// of Latency, Drop, Error, Quota, Down and Ramp. Every decision is drawn
// from the root seed by the rule's name and the call's content (or, for
// Drop and push Latency, the vendor's message ID and token), never from
// scheduling order.
type FaultRule struct {
	// Name names the rule's seeded stream and its coverage counter;
	// required, unique per vendor.
	Name string `json:"name" yaml:"name"`
	// Op is the operation hit: push (default), auth, or an API's name.
	Op string `json:"op,omitempty" yaml:"op,omitempty"`
	// Match narrows the rule to calls naming a token or an app.
	Match *FaultMatch `json:"match,omitempty" yaml:"match,omitempty"`
	// Probability is the chance the rule fires on a call it hits; nil
	// means 1. Quota ignores it.
	Probability *float64 `json:"probability,omitempty" yaml:"probability,omitempty"`
	// From and Until bound when the rule is active, counted from the
	// moment it was added (simulated time in a virtual run).
	From  *Span `json:"from,omitempty" yaml:"from,omitempty"`
	Until *Span `json:"until,omitempty" yaml:"until,omitempty"`

	// Latency delays the call: for push, the delivery to the device is
	// late by the drawn delay; for any other operation, the answer is.
	Latency *FaultLatency `json:"latency,omitempty" yaml:"latency,omitempty"`
	// Drop accepts the push and never delivers it (vendor_dropped).
	Drop bool `json:"drop,omitempty" yaml:"drop,omitempty"`
	// Error answers the call with one of the vendor's result codes.
	Error *FaultError `json:"error,omitempty" yaml:"error,omitempty"`
	// Quota allows Limit calls per window, then answers with the vendor's
	// quota code.
	Quota *FaultQuota `json:"quota,omitempty" yaml:"quota,omitempty"`
	// Down makes the vendor unreachable: a refused connection or the
	// vendor's 5xx answer, as the vendor does (vendor_unavailable).
	Down bool `json:"down,omitempty" yaml:"down,omitempty"`
	// Ramp answers with an error at a probability that grows linearly
	// over simulated time.
	Ramp *FaultRamp `json:"ramp,omitempty" yaml:"ramp,omitempty"`
}

// FaultMatch narrows a rule: a call matches when it names the token and
// the app (App ID, package, project or bundle ID) given; empty fields
// match everything.
type FaultMatch struct {
	Token string `json:"token,omitempty" yaml:"token,omitempty"`
	App   string `json:"app,omitempty" yaml:"app,omitempty"`
}

// FaultLatency is a delay distribution: Fixed, uniform between Min and
// Max, or lognormal by Median and P99.
type FaultLatency struct {
	Fixed  *Span `json:"fixed,omitempty" yaml:"fixed,omitempty"`
	Min    *Span `json:"min,omitempty" yaml:"min,omitempty"`
	Max    *Span `json:"max,omitempty" yaml:"max,omitempty"`
	Median *Span `json:"median,omitempty" yaml:"median,omitempty"`
	P99    *Span `json:"p99,omitempty" yaml:"p99,omitempty"`
}

// FaultError is the answer of an error rule: the vendor's own Code, or
// the vendor's code for Reason (vendor_error when neither is given).
type FaultError struct {
	Code   FaultCode       `json:"code,omitempty" yaml:"code,omitempty"`
	Reason protocol.Reason `json:"reason,omitempty" yaml:"reason,omitempty"`
}

// FaultQuota allows Limit calls per Per of simulated time.
type FaultQuota struct {
	Limit int  `json:"limit" yaml:"limit"`
	Per   Span `json:"per" yaml:"per"`
}

// FaultRamp degrades between From and To (counted from when the rule was
// added): the error probability goes linearly from ErrorProbability[0] to
// ErrorProbability[1] and stays at the last value after To. Code is the
// error answered; empty means the vendor's generic error.
type FaultRamp struct {
	From             Span       `json:"from" yaml:"from"`
	To               Span       `json:"to" yaml:"to"`
	ErrorProbability [2]float64 `json:"error_probability" yaml:"error_probability"`
	Code             FaultCode  `json:"code,omitempty" yaml:"code,omitempty"`
}

// Span is a duration written as a Go duration string ("2m", "800ms").
type Span time.Duration

// D returns the span as a time.Duration.
func (s Span) D() time.Duration { return time.Duration(s) }

// MarshalText writes the duration string.
func (s Span) MarshalText() ([]byte, error) { return []byte(time.Duration(s).String()), nil }

// UnmarshalText parses a duration string.
func (s *Span) UnmarshalText(b []byte) error {
	d, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration (write e.g. 2m, 90s, 800ms)", b)
	}
	*s = Span(d)
	return nil
}

// FaultCode is a vendor result code, written as a JSON number or string
// (Xiaomi 200002, Huawei "80300007", FCM "UNAVAILABLE", APNs
// "TooManyRequests").
type FaultCode string

// UnmarshalJSON takes a number or a string.
func (c *FaultCode) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = FaultCode(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("a code is a number or a string")
	}
	*c = FaultCode(n.String())
	return nil
}

// Kind names what the rule does: latency, drop, error, quota, down or
// ramp ("" when it does nothing).
func (r FaultRule) Kind() string {
	switch {
	case r.Latency != nil:
		return "latency"
	case r.Drop:
		return "drop"
	case r.Error != nil:
		return "error"
	case r.Quota != nil:
		return "quota"
	case r.Down:
		return "down"
	case r.Ramp != nil:
		return "ramp"
	}
	return ""
}

// op is the rule's operation, push by default.
func (r FaultRule) op() string {
	if r.Op == "" {
		return OpPush
	}
	return r.Op
}

// chance is the rule's probability, 1 by default.
func (r FaultRule) chance() float64 {
	if r.Probability == nil {
		return 1
	}
	return *r.Probability
}

var ruleName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$`)

// FaultReasons are the reasons an error rule may name.
var FaultReasons = []protocol.Reason{
	protocol.ReasonVendorError, protocol.ReasonVendorRateLimited, protocol.ReasonVendorQuotaExceeded,
	protocol.ReasonVendorTokenInvalid, protocol.ReasonVendorAuthFailed, protocol.ReasonVendorUnavailable,
}

// Validate reports what is wrong with the rule.
func (r FaultRule) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !ruleName.MatchString(r.Name) {
		bad("name %q: want 1 to 64 letters, digits, '.', '_', ':' or '-'", r.Name)
	}
	n := 0
	for _, set := range []bool{r.Latency != nil, r.Drop, r.Error != nil, r.Quota != nil, r.Down, r.Ramp != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		bad("give exactly one of latency, drop, error, quota, down, ramp (got %d)", n)
	}
	if r.Op != "" && !ruleName.MatchString(r.Op) {
		bad("op %q: want push, auth or an API's name", r.Op)
	}
	if r.Drop && r.op() != OpPush {
		bad("drop applies to op push only, not %q", r.Op)
	}
	if p := r.Probability; p != nil && (*p < 0 || *p > 1 || *p != *p) {
		bad("probability %v is outside [0, 1]", *p)
	}
	if r.From != nil && *r.From < 0 {
		bad("from %v is negative", r.From.D())
	}
	if r.Until != nil && r.From != nil && *r.Until <= *r.From {
		bad("until %v is not after from %v", r.Until.D(), r.From.D())
	}
	if l := r.Latency; l != nil {
		errs = append(errs, l.validate())
	}
	if e := r.Error; e != nil {
		if e.Code != "" && e.Reason != "" {
			bad("error: give code or reason, not both")
		}
		if e.Reason != "" && !containsReason(FaultReasons, e.Reason) {
			bad("error reason %q: want one of %s", e.Reason, reasonList(FaultReasons))
		}
		if len(e.Code) > 64 {
			bad("error code is longer than 64 characters")
		}
	}
	if q := r.Quota; q != nil && (q.Limit < 0 || q.Per <= 0) {
		bad("quota: want limit >= 0 and a positive per, got %d per %v", q.Limit, q.Per.D())
	}
	if rp := r.Ramp; rp != nil {
		if rp.From < 0 || rp.To <= rp.From {
			bad("ramp: want 0 <= from < to, got %v to %v", rp.From.D(), rp.To.D())
		}
		for _, p := range rp.ErrorProbability {
			if p < 0 || p > 1 || p != p {
				bad("ramp: error_probability %v is outside [0, 1]", p)
			}
		}
	}
	return errors.Join(errs...)
}

func (l FaultLatency) validate() error {
	fixed, uniform, logn := l.Fixed != nil, l.Min != nil || l.Max != nil, l.Median != nil || l.P99 != nil
	n := 0
	for _, b := range []bool{fixed, uniform, logn} {
		if b {
			n++
		}
	}
	switch {
	case n != 1:
		return errors.New("latency: give fixed, min and max, or median and p99")
	case fixed && *l.Fixed < 0:
		return fmt.Errorf("latency: fixed %v is negative", l.Fixed.D())
	case uniform && (l.Min == nil || l.Max == nil || *l.Min < 0 || *l.Max < *l.Min):
		return errors.New("latency: uniform needs 0 <= min <= max")
	case logn && (l.Median == nil || *l.Median <= 0 || (l.P99 != nil && *l.P99 < *l.Median)):
		return errors.New("latency: lognormal needs a positive median and p99 >= median")
	}
	return nil
}

func containsReason(rs []protocol.Reason, r protocol.Reason) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func reasonList(rs []protocol.Reason) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// MaxFaultRuleBytes bounds one rule's JSON.
const MaxFaultRuleBytes = 64 << 10

// ParseFaultRules reads one rule (a JSON object) or several (an array),
// refusing unknown fields, and validates each.
func ParseFaultRules(data []byte) ([]FaultRule, error) {
	if len(data) > MaxFaultRuleBytes {
		return nil, fmt.Errorf("fault rules: longer than %d bytes", MaxFaultRuleBytes)
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("fault rules: empty body; send a rule such as {\"name\":\"x\",\"drop\":true}")
	}
	var rules []FaultRule
	if data[0] == '[' {
		if err := strictDecode(data, &rules); err != nil {
			return nil, fmt.Errorf("fault rules: %w", err)
		}
	} else {
		var r FaultRule
		if err := strictDecode(data, &r); err != nil {
			return nil, fmt.Errorf("fault rule: %w", err)
		}
		rules = []FaultRule{r}
	}
	seen := map[string]bool{}
	var errs []error
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("fault rule %d (%s): %w", i+1, r.Name, err))
		}
		if seen[r.Name] {
			errs = append(errs, fmt.Errorf("fault rule %d: name %q is given twice", i+1, r.Name))
		}
		seen[r.Name] = true
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return rules, nil
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// String writes the rule in one line, for messages.
func (r FaultRule) String() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
