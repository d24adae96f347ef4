package mockvendors

import (
	"slices"
	"strconv"
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
	seq      uint64
	token    string
	device   string
	notice   protocol.DeviceNotice
	accepted time.Time
	due      time.Time
	deadline time.Time
	online   bool
	attempts int
	state    int
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
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
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
	r := h.byToken[token]
	if r == nil || !r.Active {
		if r != nil {
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
	rule, extra := h.faults.Delivery(n.MsgID, token, r.AppID, r.Package)
	if rule != "" {
		drop(r.DeviceID, protocol.ReasonVendorDropped, map[string]string{"fault": rule})
		return
	}
	latency := cfg.Latency.Draw(cfg.Seed, vendor, "latency", n.MsgID, token) + extra
	h.seq++
	p := &pending{seq: h.seq, token: token, device: r.DeviceID, notice: n, accepted: now,
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
	h.record(trace.Event{Kind: trace.VendorDrop, VendorMsgID: p.notice.MsgID, Device: p.device, Reason: reason,
		Details: map[string]string{"token": p.token}})
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
	ds.inflight = append(ds.inflight, p)
	if ds.delivered == nil {
		ds.delivered = NewBounded[[]string](maxClickable)
	}
	if toks, _ := ds.delivered.Get(p.notice.MsgID); !slices.Contains(toks, p.token) {
		ds.delivered.Set(p.notice.MsgID, append(toks, p.token))
	}
	n := p.notice
	// Record before the frame can reach the device, so vendor.deliver
	// always precedes the device's own events in the trace.
	h.record(trace.Event{Kind: trace.VendorDeliver, VendorMsgID: n.MsgID, Device: p.device, Details: map[string]string{
		"token": p.token, "package": n.Package, "attempt": strconv.Itoa(p.attempts),
		"latency_ms": strconv.FormatInt(now.Sub(p.accepted).Milliseconds(), 10)}})
	ds.conn.enqueue(protocol.DeviceFrame{Type: protocol.DeviceNotification, Notification: &n, MsgID: n.MsgID, Token: p.token})
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
	back := ds.inflight
	ds.inflight = nil
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
// empty) on the device and returns it.
func (h *Hub) acked(deviceID, msgID, token string) (*pending, bool) {
	ds := h.devices[deviceID]
	if ds == nil {
		return nil, false
	}
	for i, p := range ds.inflight {
		if p.notice.MsgID == msgID && (token == "" || p.token == token) {
			ds.inflight = slices.Delete(ds.inflight, i, i+1)
			p.state = stateDone
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
