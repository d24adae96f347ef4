package mockvendors

import (
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// DeliverOptions shape one delivery.
type DeliverOptions struct {
	// OnlineOnly drops the notice (device_network_down) if the device has
	// no live channel when the notice comes due, instead of holding it:
	// Meizu's offLine 0, a TTL-0 message elsewhere.
	OnlineOnly bool
}

// pending is one notice for one token on its way to the device.
type pending struct {
	seq    uint64
	token  string
	device string
	// appID and pkg are the token's registration's, for the ack's event.
	appID, pkg string
	notice     protocol.DeviceNotice
	accepted   time.Time
	due        time.Time
	deadline   time.Time
	online     bool
	attempts   int
	state      int
}

const (
	stateWaiting = iota
	stateHeld
	stateInflight
	stateDone
)

func before(a, b *pending) int {
	if c := a.due.Compare(b.due); c != 0 {
		return c
	}
	switch {
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

// Deliver accepts notice n for token: the drop rate decides (seeded by
// vendor, message and token) whether it is lost; otherwise after a seeded
// latency it goes to the device's channel, or waits there for the device
// until ttl has passed since now. Notices to one token with equal
// latencies arrive in the order Deliver was called. Empty Token and
// Package fields of n are filled in from the registration.
func (h *Hub) Deliver(token string, n protocol.DeviceNotice, ttl time.Duration, opts DeliverOptions) {
	now := time.Now()
	if h.shut.Load() {
		return
	}
	if n.Token == "" {
		n.Token = token
	}
	// A drop's event; its details are made only when it is recorded.
	drop := func(device string, reason protocol.Reason, details map[string]string) {
		details["token"] = token
		h.record(trace.Event{Kind: trace.VendorDrop, VendorMsgID: n.MsgID, Device: device, Reason: reason, Details: details})
	}
	// The decision (registered, dropped, how late) needs no hub lock: a
	// token unregistered meanwhile is dropped when it comes due.
	r, ok := h.Lookup(token)
	if !ok || !r.Active {
		if ok {
			drop(r.DeviceID, protocol.ReasonAppUninstalled, map[string]string{})
		} else {
			drop("", protocol.ReasonVendorTokenInvalid, map[string]string{})
		}
		return
	}
	if n.Package == "" {
		n.Package = r.Package
	}
	cfg := h.hc.Config
	vendor := string(h.hc.Vendor)
	if cfg.Seed.Chance(cfg.DropRate, vendor, "drop", n.MsgID, token) {
		drop(r.DeviceID, protocol.ReasonVendorDropped, map[string]string{})
		return
	}
	rule, extra := h.faults.Load().Delivery(n.MsgID, token, r.AppID, r.Package)
	if rule != "" {
		drop(r.DeviceID, protocol.ReasonVendorDropped, map[string]string{"fault": rule})
		return
	}
	latency := cfg.Latency.Draw(cfg.Seed, vendor, "latency", n.MsgID, token) + extra
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.seq++
	p := &pending{seq: h.seq, token: token, device: r.DeviceID, appID: r.AppID, pkg: r.Package, notice: n, accepted: now,
		due: now.Add(latency), deadline: now.Add(ttl), online: opts.OnlineOnly}
	h.waiting[token] = append(h.waiting[token], p)
	h.after(latency, func() { h.due(token) })
}

// due dispatches every notice for token whose latency has passed, in
// order. h.mu is held.
func (h *Hub) due(token string) {
	now := time.Now()
	var ready, rest []*pending
	for _, p := range h.waiting[token] {
		if p.due.After(now) {
			rest = append(rest, p)
		} else {
			ready = append(ready, p)
		}
	}
	if len(rest) == 0 {
		delete(h.waiting, token)
	} else {
		h.waiting[token] = rest
	}
	slices.SortFunc(ready, before)
	for _, p := range ready {
		h.dispatch(p, now)
	}
}

// dispatch hands p to the device, holds it, or drops it. h.mu is held.
func (h *Hub) dispatch(p *pending, now time.Time) {
	if h.dropStale(p, now) {
		return
	}
	ds := h.device(p.device)
	switch {
	case ds.conn != nil:
		h.send(ds, p, now)
	case p.online:
		h.drop(p, protocol.ReasonDeviceNetworkDown)
	default:
		h.hold(ds, p, now)
	}
}

// dropStale drops p if it expired or its token was unregistered.
func (h *Hub) dropStale(p *pending, now time.Time) bool {
	if !now.Before(p.deadline) {
		h.drop(p, protocol.ReasonExpired)
		return true
	}
	if r := h.byToken[p.token]; r == nil || !r.Active {
		h.drop(p, protocol.ReasonAppUninstalled)
		return true
	}
	return false
}

func (h *Hub) drop(p *pending, reason protocol.Reason) {
	p.state = stateDone
	h.post(outItem{event: trace.Event{Kind: trace.VendorDrop, VendorMsgID: p.notice.MsgID, Device: p.device, Reason: reason,
		Details: map[string]string{"token": p.token}}})
}

// hold keeps p until the device comes back or p expires.
func (h *Hub) hold(ds *deviceState, p *pending, now time.Time) {
	p.state = stateHeld
	i, _ := slices.BinarySearchFunc(ds.held, p, before)
	ds.held = slices.Insert(ds.held, i, p)
	h.after(p.deadline.Sub(now), func() {
		if p.state != stateHeld {
			return
		}
		if i := slices.Index(ds.held, p); i >= 0 {
			ds.held = slices.Delete(ds.held, i, i+1)
		}
		h.drop(p, protocol.ReasonExpired)
	})
}

// maxClickable is how many delivered messages per device the hub can
// still resolve a click on (far more than any tray shows).
const maxClickable = 2000

// send hands p to the device's socket.
func (h *Hub) send(ds *deviceState, p *pending, now time.Time) {
	p.state = stateInflight
	p.attempts++
	ds.inflightMu.Lock()
	ds.inflight = append(ds.inflight, p)
	ds.inflightMu.Unlock()
	if ds.delivered == nil {
		ds.delivered = NewBounded[[]string](maxClickable)
	}
	if toks, _ := ds.delivered.Get(p.notice.MsgID); !slices.Contains(toks, p.token) {
		ds.delivered.Set(p.notice.MsgID, append(toks, p.token))
	}
	n := p.notice
	// Record before the frame can reach the device, so vendor.deliver
	// always precedes the device's own events in the trace.
	h.post(outItem{
		event: trace.Event{Kind: trace.VendorDeliver, VendorMsgID: n.MsgID, Device: p.device, Details: map[string]string{
			"token": p.token, "package": n.Package, "attempt": strconv.Itoa(p.attempts),
			"latency_ms": strconv.FormatInt(now.Sub(p.accepted).Milliseconds(), 10)}},
		conn:  ds.conn,
		frame: protocol.DeviceFrame{Type: protocol.DeviceNotification, Notification: &n, MsgID: n.MsgID, Token: p.token},
	})
}

// flush delivers what the device's socket should now carry.
func (h *Hub) flush(ds *deviceState, now time.Time) {
	held := ds.held
	ds.held = nil
	for _, p := range held {
		if !h.dropStale(p, now) {
			h.send(ds, p, now)
		}
	}
}

// detach forgets the device's socket and takes back what it did not ack.
func (h *Hub) detach(ds *deviceState, now time.Time) {
	ds.conn = nil
	ds.inflightMu.Lock()
	back := ds.inflight
	ds.inflight = nil
	ds.inflightMu.Unlock()
	for _, p := range back {
		switch {
		case h.dropStale(p, now):
		case p.online:
			h.drop(p, protocol.ReasonDeviceNetworkDown)
		default:
			h.hold(ds, p, now)
		}
	}
}

// acked settles the notice msgID for token (any token of the message when
// empty) on the device and returns it. It takes only ds.inflightMu; an
// acked notice is out of the hub's hands (its state stays inflight, which
// no timer acts on).
func (ds *deviceState) acked(msgID, token string) (*pending, bool) {
	ds.inflightMu.Lock()
	defer ds.inflightMu.Unlock()
	for i, p := range ds.inflight {
		if p.notice.MsgID == msgID && (token == "" || p.token == token) {
			ds.inflight = slices.Delete(ds.inflight, i, i+1)
			return p, true
		}
	}
	return nil, false
}

func (h *Hub) device(id string) *deviceState {
	ds := h.devices[id]
	if ds == nil {
		ds = &deviceState{}
		h.devices[id] = ds
	}
	return ds
}

// Handovers are the hub deliveries a push call decided, kept until what
// a device's ack reads (the message's receipt details) is stored: then
// Run hands them to the hub in order, and no ack can come before them.
type Handovers []func()

// Add keeps one hand-over for later.
func (h *Handovers) Add(deliver func()) { *h = append(*h, deliver) }

// Run makes the hand-overs, in the order they were added.
func (h Handovers) Run() {
	for _, deliver := range h {
		deliver()
	}
}

// outItem is what the hub does once it has decided under h.mu: record a
// trace event, then (with conn) queue a frame for a device's socket.
type outItem struct {
	event trace.Event
	conn  *deviceConn
	frame protocol.DeviceFrame
}

// outbox carries the hub's outItems, in the order h.mu decided them, to
// one goroutine at a time: the trace and the sockets' queues have locks
// of their own, which the hub's lock no longer waits for. It holds what
// the hub decided and has not yet handed on: at most the notices in
// flight, which the IM's push queues bound.
type outbox struct {
	mu      sync.Mutex
	items   []outItem
	running bool
}

// post queues x for the outbox's goroutine, starting one if none runs.
// h.mu is held, so items keep the order of the decisions.
func (h *Hub) post(x outItem) {
	o := &h.out
	o.mu.Lock()
	o.items = append(o.items, x)
	start := !o.running
	o.running = true
	o.mu.Unlock()
	if start {
		h.wg.Add(1)
		go h.drainOutbox()
	}
}

// drainOutbox records and queues the posted items in order until none is
// left.
func (h *Hub) drainOutbox() {
	defer h.wg.Done()
	o := &h.out
	var spare []outItem
	for {
		o.mu.Lock()
		items := o.items
		o.items = spare[:0]
		if len(items) == 0 {
			o.running = false
			o.mu.Unlock()
			return
		}
		o.mu.Unlock()
		for i := range items {
			x := &items[i]
			h.record(x.event)
			if x.conn != nil {
				x.conn.enqueue(x.frame)
			}
			*x = outItem{}
		}
		spare = items
	}
}
