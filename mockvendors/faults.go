package mockvendors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// FaultAnswers is a vendor's table of how it fails: its result code for
// each reason a fault can produce, how it writes a failed answer (shape
// and HTTP status), and how it names its operations.
type FaultAnswers struct {
	// Codes maps each reason of FaultReasons to the vendor's code for it.
	// A vendor without a vendor_unavailable code refuses the connection
	// when it is down.
	Codes map[protocol.Reason]string
	// Write answers the call r with code, in the vendor's shape and with
	// the HTTP status the vendor sends with it. reason is the reason the
	// code was chosen for, or "" when the rule named the code itself.
	Write func(w http.ResponseWriter, r *http.Request, code string, reason protocol.Reason)
	// Op names the operation of a call; nil means DefaultOp.
	Op func(r *http.Request) string
}

// DefaultOp names a call's operation from its path: auth for token and
// auth endpoints, push for sends, else the path's last element.
func DefaultOp(r *http.Request) string {
	p := strings.ToLower(r.URL.Path)
	switch {
	case strings.Contains(p, "auth") || strings.HasSuffix(p, "/token"):
		return OpAuth
	case strings.Contains(p, "send") || strings.Contains(p, "push") || strings.Contains(p, "/message/") ||
		strings.Contains(p, "/messages") || strings.HasPrefix(p, "/3/device/"):
		return OpPush
	}
	p = strings.TrimRight(p, "/")
	return p[strings.LastIndexByte(p, '/')+1:]
}

// FaultFired counts how often one rule fired.
type FaultFired struct {
	Vendor string `json:"vendor"`
	Rule   string `json:"rule"`
	// Kind is what the rule does (FaultRule.Kind: error, drop, down, ...),
	// as last added.
	Kind  string `json:"kind,omitempty"`
	Fired int    `json:"fired"`
}

// activeRule is a rule with the moment it was added and its quota.
type activeRule struct {
	FaultRule
	added  time.Time
	window *Window
}

// Faults is one vendor's set of fault rules and their coverage. Rules can
// be added and cleared at any time; coverage outlives a clear.
type Faults struct {
	vendor string
	seed   seed.Root
	trace  *trace.Trace

	mu     sync.Mutex
	rules  []*activeRule
	fired  map[string]int
	kinds  map[string]string // rule name → Kind of the rule last added
	order  []string
	occurs Occurrences
}

// NewFaults returns an empty set for the vendor, drawing from root and
// recording each fired fault in tr (nil records nothing).
func NewFaults(vendor protocol.Vendor, root seed.Root, tr *trace.Trace) *Faults {
	return &Faults{vendor: string(vendor), seed: root, trace: tr, fired: map[string]int{}, kinds: map[string]string{}, occurs: Occurrences{}}
}

// Add validates the rules and adds them; a rule with the name of one
// already there replaces it. Their From, Until and Ramp clocks start now.
func (f *Faults) Add(rules ...FaultRule) error {
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("%s fault rule %s: %w", f.vendor, r.Name, err)
		}
	}
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range rules {
		ar := &activeRule{FaultRule: r, added: now}
		if r.Quota != nil {
			ar.window = NewWindow(max(r.Quota.Limit, 0), r.Quota.Per.D())
		}
		replaced := false
		for i, old := range f.rules {
			if old.Name == r.Name {
				f.rules[i], replaced = ar, true
			}
		}
		if !replaced {
			f.rules = append(f.rules, ar)
		}
		f.kinds[r.Name] = r.Kind()
		if _, ok := f.fired[r.Name]; !ok {
			f.fired[r.Name] = 0
			f.order = append(f.order, r.Name)
		}
	}
	return nil
}

// Clear removes every rule (their coverage stays).
func (f *Faults) Clear() {
	f.mu.Lock()
	f.rules = nil
	f.mu.Unlock()
}

// Rules lists the rules in the order they were added.
func (f *Faults) Rules() []FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FaultRule, len(f.rules))
	for i, r := range f.rules {
		out[i] = r.FaultRule
	}
	return out
}

// Coverage counts how often each rule ever added fired, in the order
// they were first added.
func (f *Faults) Coverage() []FaultFired {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FaultFired, 0, len(f.order))
	for _, name := range f.order {
		out = append(out, FaultFired{Vendor: f.vendor, Rule: name, Kind: f.kinds[name], Fired: f.fired[name]})
	}
	return out
}

// ServeHTTP serves GET (the rules), POST (add one rule or an array) and
// DELETE (clear) of /_pushsim/vendors/<vendor>/faults.
func (f *Faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeFaultJSON(w, http.StatusOK, f.Rules())
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxFaultRuleBytes+1))
		if err != nil {
			writeFaultJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		rules, err := ParseFaultRules(body)
		if err == nil {
			err = f.Add(rules...)
		}
		if err != nil {
			writeFaultJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeFaultJSON(w, http.StatusCreated, f.Rules())
	case http.MethodDelete:
		f.Clear()
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		writeFaultJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": r.Method + " is not GET, POST or DELETE"})
	}
}

func writeFaultJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// matching lists the active rules for op at now that match the call
// (matches says whether a token or app is named by it).
func (f *Faults) matching(op string, now time.Time, matches func(string) bool) []*activeRule {
	var out []*activeRule
	for _, r := range f.rules {
		if r.op() != op {
			continue
		}
		age := now.Sub(r.added)
		if (r.From != nil && age < r.From.D()) || (r.Until != nil && age >= r.Until.D()) {
			continue
		}
		if m := r.Match; m != nil && ((m.Token != "" && !matches(m.Token)) || (m.App != "" && !matches(m.App))) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// fire counts a rule's firing and records it. f.mu is held.
func (f *Faults) fire(r *activeRule, ev trace.Event) {
	f.fired[r.Name]++
	if f.trace != nil {
		if ev.Details == nil {
			ev.Details = map[string]string{}
		}
		ev.Kind = trace.VendorFault
		ev.Component = f.vendor
		ev.Details["vendor"], ev.Details["rule"], ev.Details["fault"] = f.vendor, r.Name, r.Kind()
		f.trace.Add(ev)
	}
}

// Delivery decides what push rules do to one accepted notice (msgID for
// token of app or package): whether a drop rule drops it (and which)
// and how much later a latency rule makes it.
func (f *Faults) Delivery(msgID, token string, app ...string) (dropped string, extra time.Duration) {
	if f == nil {
		return "", 0
	}
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	rules := f.matching(OpPush, now, func(s string) bool {
		if s == token {
			return true
		}
		for _, a := range app {
			if a != "" && s == a {
				return true
			}
		}
		return false
	})
	for _, r := range rules {
		ev := trace.Event{VendorMsgID: msgID, Details: map[string]string{"token": token}}
		switch {
		case r.Drop:
			if f.seed.Chance(r.chance(), f.vendor, "fault", r.Name, msgID, token) {
				f.fire(r, ev)
				return r.Name, 0
			}
		case r.Latency != nil:
			if f.seed.Chance(r.chance(), f.vendor, "fault", r.Name, "p", msgID, token) {
				d := r.Latency.draw(f.seed, f.vendor, "fault", r.Name, "latency", msgID, token)
				ev.Details["latency_ms"] = itoa(int(d.Milliseconds()))
				f.fire(r, ev)
				extra += d
			}
		}
	}
	return "", extra
}

// draw draws a delay from the distribution on the named stream.
func (l FaultLatency) draw(root seed.Root, parts ...string) time.Duration {
	switch {
	case l.Fixed != nil:
		return l.Fixed.D()
	case l.Min != nil && l.Max != nil:
		return l.Min.D() + root.Duration(l.Max.D()-l.Min.D(), parts...)
	case l.Median != nil:
		p99 := l.Median.D()
		if l.P99 != nil {
			p99 = l.P99.D()
		}
		return seed.Latency{Median: l.Median.D(), P99: p99}.Draw(root, parts...)
	}
	return 0
}

// probabilityAt is the ramp's error probability at age since the rule was
// added.
func (rp FaultRamp) probabilityAt(age time.Duration) float64 {
	a, b := rp.ErrorProbability[0], rp.ErrorProbability[1]
	switch {
	case age <= rp.From.D():
		return a
	case age >= rp.To.D():
		return b
	}
	x := float64(age-rp.From.D()) / float64(rp.To.D()-rp.From.D())
	return a + (b-a)*math.Max(0, math.Min(1, x))
}

// callDecision is what the call-level rules do to one call.
type callDecision struct {
	delay  time.Duration
	code   string          // answer with this code
	reason protocol.Reason // which the code was chosen for ("" when named)
	down   bool            // refuse the connection
}

// decide runs the call-level rules (everything but drop and push
// latency) on a call with the given identity.
func (f *Faults) decide(op, id string, now time.Time, matches func(string) bool, ans FaultAnswers) callDecision {
	f.mu.Lock()
	defer f.mu.Unlock()
	var d callDecision
	for _, r := range f.matching(op, now, matches) {
		ev := trace.Event{Details: map[string]string{"op": op}}
		p := r.chance()
		switch {
		case r.Latency != nil:
			if op == OpPush {
				continue // applied to the delivery instead
			}
			if f.seed.Chance(p, f.vendor, "fault", r.Name, "p", id) {
				d.delay += r.Latency.draw(f.seed, f.vendor, "fault", r.Name, "latency", id)
				f.fire(r, ev)
			}
		case r.Down:
			if f.seed.Chance(p, f.vendor, "fault", r.Name, id) {
				f.fire(r, ev)
				d.code, d.reason = ans.Codes[protocol.ReasonVendorUnavailable], protocol.ReasonVendorUnavailable
				d.down = d.code == ""
				return d
			}
		case r.Error != nil:
			if f.seed.Chance(p, f.vendor, "fault", r.Name, id) {
				d.code = string(r.Error.Code)
				if d.code == "" {
					reason := r.Error.Reason
					if reason == "" {
						reason = protocol.ReasonVendorError
					}
					d.code, d.reason = ans.Codes[reason], reason
					d.down = d.code == "" && reason == protocol.ReasonVendorUnavailable
				}
				if d.code == "" && !d.down {
					d.code, d.reason = ans.Codes[protocol.ReasonVendorError], protocol.ReasonVendorError
				}
				ev.Details["code"] = d.code
				f.fire(r, ev)
				return d
			}
		case r.Ramp != nil:
			if f.seed.Chance(r.Ramp.probabilityAt(now.Sub(r.added)), f.vendor, "fault", r.Name, id) {
				d.code = string(r.Ramp.Code)
				if d.code == "" {
					d.code, d.reason = ans.Codes[protocol.ReasonVendorError], protocol.ReasonVendorError
				}
				ev.Details["code"] = d.code
				f.fire(r, ev)
				return d
			}
		case r.Quota != nil:
			if !r.window.Allow("", now) || r.Quota.Limit == 0 {
				d.code, d.reason = ans.Codes[protocol.ReasonVendorQuotaExceeded], protocol.ReasonVendorQuotaExceeded
				ev.Details["code"] = d.code
				f.fire(r, ev)
				return d
			}
		}
	}
	return d
}

// active reports whether any rule is set.
func (f *Faults) active() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.rules) > 0
}

// Wrap returns api with the call-level rules in front: every call of the
// vendor's API passes here. A call's identity is its method, path, query
// and body, with the number of identical calls before it, so that the
// seeded decisions depend on what was sent, never on scheduling.
func (f *Faults) Wrap(api http.Handler, ans FaultAnswers) http.Handler {
	opOf := ans.Op
	if opOf == nil {
		opOf = DefaultOp
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == protocol.DevicePath || !f.active() {
			api.ServeHTTP(w, r)
			return
		}
		body, err := readAllSized(io.LimitReader(r.Body, 8<<20), r.ContentLength, 8<<20)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		op := opOf(r)
		text := r.URL.RequestURI() + "\x00" + string(body)
		f.mu.Lock()
		key, n := f.occurs.Count(r.Method, r.URL.Path, r.URL.RawQuery, string(body))
		f.mu.Unlock()
		id := key + "#" + n
		d := f.decide(op, id, time.Now(), func(s string) bool { return strings.Contains(text, s) }, ans)
		if d.delay > 0 {
			t := time.NewTimer(d.delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch {
		case d.down:
			// A refused connection, as near as a handler gets: the
			// connection (HTTP/1) or stream (HTTP/2) is cut unanswered.
			panic(http.ErrAbortHandler)
		case d.code != "":
			ans.Write(w, r, d.code, d.reason)
		default:
			api.ServeHTTP(w, r)
		}
	})
}
