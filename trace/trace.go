// Package trace is pushsim's single ordered record of what happened. Every
// component (fakeim, the vendor mocks, the simulated devices) appends events
// to one Trace; reports and "why not" answers are computed from it.
//
// Events carry the simulated time at which they happened. Inside a virtual
// time bubble several goroutines can act at the same instant in any order, so
// Events returns them in a canonical order: by time, then by lane (message
// key, then device), then in the order they were appended. Within one lane,
// events at one instant are causally ordered, so the same seed gives the same
// trace byte for byte.
package trace

import (
	"encoding/json"
	"io"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Kind names an event type. The kinds below are a contract (docs/decisions.md,
// "One trace"); components may add their own.
type Kind string

// The event kinds.
const (
	IMSend         Kind = "im.send"         // fakeim accepted a message
	IMRoute        Kind = "im.route"        // fakeim decided, per device, online delivery, push or drop
	IMOnline       Kind = "im.online"       // fakeim delivered a message on a device's IM socket
	IMState        Kind = "im.state"        // an IM instance changed online state
	IMToken        Kind = "im.token"        // a device bound (certificate ID, token)
	IMCertificate  Kind = "im.certificate"  // a certificate was added, changed or took effect
	VendorRequest  Kind = "vendor.request"  // fakeim called a vendor's server API
	VendorResult   Kind = "vendor.result"   // the vendor answered that call (per target)
	VendorDeliver  Kind = "vendor.deliver"  // the vendor handed a notification to the device channel
	VendorDrop     Kind = "vendor.drop"     // the vendor accepted a message it will not deliver
	VendorReceipt  Kind = "vendor.receipt"  // the vendor posted a receipt to a callback URL
	VendorRegister Kind = "vendor.register" // a device registered with a vendor
	VendorFault    Kind = "vendor.fault"    // an injected fault rule fired on a vendor call or notice
	DeviceAction   Kind = "device.action"   // a lifecycle action (launch, kill, network off, ...)
	DeviceToken    Kind = "device.token"    // the app received or reported its push token
	DeviceMessage  Kind = "device.message"  // the app received a message on its IM socket
	DeviceNotify   Kind = "device.notify"   // a notification appeared in the tray
	DeviceDrop     Kind = "device.drop"     // the device received a push it did not show
	DeviceClick    Kind = "device.click"    // the user tapped a notification
	DeviceIntent   Kind = "device.intent"   // the tap launched an intent
)

// Event is one thing that happened.
type Event struct {
	// At is the simulated time of the event.
	At time.Time `json:"at"`
	// Component is who recorded it: "fakeim", "meizu", "device", ...
	Component string `json:"component"`
	// Kind is what happened.
	Kind Kind `json:"kind"`
	// Msg is the IM message key (or the scenario's message ref) the event belongs to.
	Msg string `json:"msg,omitempty"`
	// VendorMsgID is the vendor's message ID, for vendor and device events.
	VendorMsgID string `json:"vendor_msg_id,omitempty"`
	// Device is the simulated device the event concerns.
	Device string `json:"device,omitempty"`
	// Reason is set on drops and on routes that lead to no notification.
	Reason protocol.Reason `json:"reason,omitempty"`
	// Details holds event-specific fields. Never secrets.
	Details map[string]string `json:"details,omitempty"`

	seq int
}

// Detail returns the detail named key, or "".
func (e Event) Detail(key string) string { return e.Details[key] }

// Trace is an append-only, concurrency-safe event log. The zero value is not
// usable; call New.
type Trace struct {
	mu     sync.Mutex
	events eventLog
	links  map[string]string // vendor message ID → IM message key
	// Indexes of events by what they name, so one message's or one
	// device's events are found without reading the whole trace: the
	// position of the newest event naming each, from which the slots'
	// prev fields chain back to the oldest one held.
	lastMsg    map[string]int      // IM message key → newest event position
	lastVendor map[string]int      // vendor message ID → newest event position
	lastDevice map[string]int      // device → newest event position
	vendorMsgs map[string][]string // IM message key → linked vendor message IDs
	start      time.Time
	notify     chan struct{}
	// watched is set when Changed handed out notify: only then does
	// the next Add close it and make a new one.
	watched bool
	subs    map[*Subscription]struct{}
	// base is the position of events[0]: how many events retention has
	// dropped from the front so far. Positions (Event.seq and the
	// indexes) count every event ever added.
	base   int
	retain Retention
}

// Retention bounds what a trace keeps. Its zero value keeps everything,
// which virtual-time scenario runs rely on for exact verdicts.
type Retention struct {
	// MaxEvents keeps at most this many events, dropping the oldest
	// recorded first (zero: no limit).
	MaxEvents int
	// MaxAge drops events recorded more than this long before the
	// newest one (zero: no limit).
	MaxAge time.Duration
}

// SetRetention sets the limits and applies them at once.
func (t *Trace) SetRetention(r Retention) {
	t.mu.Lock()
	t.retain = r
	if t.events.len() > 0 {
		t.pruneLocked(t.events.last().At)
	}
	t.mu.Unlock()
}

// Dropped is how many events retention has dropped so far.
func (t *Trace) Dropped() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.base
}

// pruneLocked drops events from the front while the trace holds more than
// MaxEvents or the oldest is older than MaxAge before newest. Every event
// is dropped once, each in constant time (plus its message's few vendor
// links), so retention costs O(1) amortized per Add. t.mu must be held.
func (t *Trace) pruneLocked(newest time.Time) {
	n, age := t.retain.MaxEvents, t.retain.MaxAge
	for t.events.len() > 0 && ((n > 0 && t.events.len() > n) || (age > 0 && t.events.at(0).At.Before(newest.Add(-age)))) {
		t.dropOldestLocked()
	}
}

// dropOldestLocked removes events[0] and its entries in the indexes, and
// forgets vendor links once neither side has an event left.
func (t *Trace) dropOldestLocked() {
	s := t.events.popFront()
	e := &s.Event
	t.base++
	if e.Msg != "" && s.later&laterMsg == 0 {
		delete(t.lastMsg, e.Msg)
		for _, v := range t.vendorMsgs[e.Msg] {
			if _, held := t.lastVendor[v]; !held && t.links[v] == e.Msg {
				delete(t.links, v)
			}
		}
		t.vendorMsgs[e.Msg] = slices.DeleteFunc(t.vendorMsgs[e.Msg], func(v string) bool { return t.links[v] != e.Msg })
		if len(t.vendorMsgs[e.Msg]) == 0 {
			delete(t.vendorMsgs, e.Msg)
		}
	}
	if e.VendorMsgID != "" && s.later&laterVendor == 0 {
		delete(t.lastVendor, e.VendorMsgID)
		if k, ok := t.links[e.VendorMsgID]; ok {
			if _, held := t.lastMsg[k]; !held {
				delete(t.links, e.VendorMsgID)
				t.vendorMsgs[k] = slices.DeleteFunc(t.vendorMsgs[k], func(v string) bool { return v == e.VendorMsgID })
				if len(t.vendorMsgs[k]) == 0 {
					delete(t.vendorMsgs, k)
				}
			}
		}
	}
	if e.Device != "" && s.later&laterDevice == 0 {
		delete(t.lastDevice, e.Device)
	}
}

// chain returns the positions of the events held that name k in index
// last, newest first, following the slots' prev fields with prev.
func (t *Trace) chainLocked(last map[string]int, k string, prev func(*slot) int) []int {
	p, ok := last[k]
	if !ok {
		return nil
	}
	var out []int
	for p >= t.base {
		out = append(out, p)
		p = prev(t.events.at(p - t.base))
	}
	return out
}

// linkLocked records pos as the newest position of k in index last, and
// marks the event that was the newest (if still held) with bit, as one a
// later event follows. It returns that event's position, or -1.
func (t *Trace) linkLocked(last map[string]int, k string, pos int, bit uint8) int {
	prev, ok := last[k]
	last[k] = pos
	if !ok {
		return -1
	}
	if prev >= t.base {
		t.events.at(prev - t.base).later |= bit
	}
	return prev
}

func prevMsg(s *slot) int    { return s.prevMsg }
func prevVendor(s *slot) int { return s.prevVendor }
func prevDevice(s *slot) int { return s.prevDevice }

// New returns an empty trace whose elapsed times count from start.
func New(start time.Time) *Trace {
	return &Trace{links: map[string]string{}, start: start, notify: make(chan struct{}),
		lastMsg: map[string]int{}, lastVendor: map[string]int{}, lastDevice: map[string]int{}, vendorMsgs: map[string][]string{}}
}

// Start is the moment elapsed times count from.
func (t *Trace) Start() time.Time { return t.start }

// Add appends e, stamping it with the current time if At is zero.
func (t *Trace) Add(e Event) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	t.mu.Lock()
	e.seq = t.base + t.events.len()
	s := slot{Event: e, prevMsg: -1, prevVendor: -1, prevDevice: -1}
	if e.Msg != "" {
		s.prevMsg = t.linkLocked(t.lastMsg, e.Msg, e.seq, laterMsg)
	}
	if e.VendorMsgID != "" {
		s.prevVendor = t.linkLocked(t.lastVendor, e.VendorMsgID, e.seq, laterVendor)
	}
	if e.Device != "" {
		s.prevDevice = t.linkLocked(t.lastDevice, e.Device, e.seq, laterDevice)
	}
	t.events.push(s)
	if t.watched {
		close(t.notify)
		t.notify = make(chan struct{})
		t.watched = false
	}
	t.publish(e)
	t.pruneLocked(e.At)
	t.mu.Unlock()
}

// Link records that the vendor message vendorMsgID carries the IM message
// msgKey, so vendor and device events that only know the vendor's ID are
// attributed to the IM message.
func (t *Trace) Link(vendorMsgID, msgKey string) {
	if vendorMsgID == "" || msgKey == "" {
		return
	}
	t.mu.Lock()
	if _, ok := t.links[vendorMsgID]; !ok {
		t.vendorMsgs[msgKey] = append(t.vendorMsgs[msgKey], vendorMsgID)
	}
	t.links[vendorMsgID] = msgKey
	t.mu.Unlock()
}

// MsgKeyOf returns the IM message key linked to a vendor message ID, or "".
func (t *Trace) MsgKeyOf(vendorMsgID string) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.links[vendorMsgID]
}

// Changed returns a channel closed at the next Add.
func (t *Trace) Changed() <-chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.watched = true
	return t.notify
}

// Len is the number of events the trace holds: those recorded so far less
// those retention dropped.
func (t *Trace) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events.len()
}

// Events returns a copy of the events in canonical order, with IM message
// keys filled in from Link.
func (t *Trace) Events() []Event { return t.firstEvents(-1) }

// firstEvents returns those of the first n events recorded (all of them
// when n is negative) that the trace still holds, as Events does.
func (t *Trace) firstEvents(n int) []Event {
	t.mu.Lock()
	if n >= 0 {
		n = max(n-t.base, 0)
	}
	if n < 0 || n > t.events.len() {
		n = t.events.len()
	}
	out := make([]Event, n)
	t.events.head(out)
	for i := range out {
		if out[i].Msg == "" && out[i].VendorMsgID != "" {
			out[i].Msg = t.links[out[i].VendorMsgID]
		}
	}
	t.mu.Unlock()
	sortCanonical(out)
	return out
}

// sortCanonical sorts events by time, then message, then device, then
// the order they were added in.
func sortCanonical(out []Event) {
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.Msg != b.Msg {
			return a.Msg < b.Msg
		}
		if a.Device != b.Device {
			return a.Device < b.Device
		}
		return a.seq < b.seq
	})
}

// at copies the events at the positions (each once) as Events does:
// IM message keys filled in, canonical order. t.mu must be held.
func (t *Trace) atLocked(positions ...[]int) []Event {
	seen := map[int]bool{}
	var out []Event
	for _, ps := range positions {
		for _, p := range ps {
			if seen[p] {
				continue
			}
			seen[p] = true
			e := t.events.at(p - t.base).Event
			if e.Msg == "" && e.VendorMsgID != "" {
				e.Msg = t.links[e.VendorMsgID]
			}
			out = append(out, e)
		}
	}
	return out
}

// Filter returns the events (in canonical order) for which keep is true.
func (t *Trace) Filter(keep func(Event) bool) []Event {
	var out []Event
	for _, e := range t.Events() {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// ForMessage returns the events of the IM message msgKey (those that name
// it and those of the vendor messages linked to it), in canonical order.
// It reads only that message's events, whatever the size of the trace.
func (t *Trace) ForMessage(msgKey string) []Event {
	t.mu.Lock()
	lists := [][]int{t.chainLocked(t.lastMsg, msgKey, prevMsg)}
	for _, v := range t.vendorMsgs[msgKey] {
		lists = append(lists, t.chainLocked(t.lastVendor, v, prevVendor))
	}
	out := t.atLocked(lists...)
	t.mu.Unlock()
	// A vendor message linked to another key since is not this message's.
	out = slices.DeleteFunc(out, func(e Event) bool { return e.Msg != msgKey })
	sortCanonical(out)
	return out
}

// ForDevice returns the events that name the device, in canonical order.
func (t *Trace) ForDevice(device string) []Event {
	t.mu.Lock()
	out := t.atLocked(t.chainLocked(t.lastDevice, device, prevDevice))
	t.mu.Unlock()
	sortCanonical(out)
	return out
}

// Record is the JSON form of an event: the event with "t_ms", the
// simulated milliseconds since the trace started.
type Record struct {
	ElapsedMS int64 `json:"t_ms"`
	// Seq is the event's position in the order recorded, counting from 1;
	// only Page sets it (in virtual time the order recorded among events
	// at one instant is not deterministic, the canonical order is).
	Seq int64 `json:"seq,omitempty"`
	Event
}

// Records converts events (of this trace) to their JSON form.
func (t *Trace) Records(events []Event) []Record {
	recs := make([]Record, len(events))
	for i, e := range events {
		recs[i] = Record{ElapsedMS: e.At.Sub(t.start).Milliseconds(), Event: e}
	}
	return recs
}

// Page is one page of the trace in the order recorded.
type Page struct {
	// Events are the page's events, each with its Seq.
	Events []Record `json:"events"`
	// Next is the cursor for the following page: pass it as after.
	Next int64 `json:"next"`
	// More is whether events after Next matched when the page was read.
	More bool `json:"more"`
	// Dropped is how many events retention has dropped so far; a cursor
	// older than Dropped has missed some.
	Dropped int64 `json:"dropped"`
}

// Page returns up to limit events (no limit when limit is not positive)
// that keep accepts (all when keep is nil) among those recorded after position after (0: from the oldest
// held), in the order recorded. It finds the start in constant time.
func (t *Trace) Page(after int64, limit int, keep func(Event) bool) Page {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := Page{Events: []Record{}, Dropped: int64(t.base)}
	i := int(max(after-int64(t.base), 0))
	for ; i < t.events.len(); i++ {
		e := t.events.at(i).Event
		if e.Msg == "" && e.VendorMsgID != "" {
			e.Msg = t.links[e.VendorMsgID]
		}
		if keep != nil && !keep(e) {
			continue
		}
		if limit > 0 && len(p.Events) == limit {
			p.More = true
			break
		}
		p.Events = append(p.Events, Record{ElapsedMS: e.At.Sub(t.start).Milliseconds(), Seq: int64(e.seq) + 1, Event: e})
	}
	switch {
	case p.More:
		p.Next = p.Events[len(p.Events)-1].Seq
	default:
		p.Next = max(int64(t.base+t.events.len()), after)
	}
	return p
}

// WriteJSON writes the events as a JSON array of Records.
func (t *Trace) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(t.Records(t.Events()))
}
