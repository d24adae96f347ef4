package mockvendors

import (
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/wsbuf"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Hub keepalive defaults: the hub pings every device socket and gives up
// on one that stays silent (no frame, no pong) for PongWait, which is how
// it notices a phone whose network vanished without a FIN.
const (
	DefaultPingInterval = 60 * time.Second
	DefaultPongWait     = 150 * time.Second
	DefaultWriteTimeout = 10 * time.Second
)

// DeviceQuery is the query parameter (and X-Pushsim-Device the header) by
// which a device names itself when it opens the device channel, so that
// notices held while it was away are delivered at once on reconnect. A
// register frame names the device too.
const DeviceQuery = "device"

// DeviceHeader is the header alternative to DeviceQuery.
const DeviceHeader = "X-Pushsim-Device"

// RegisterFunc decides a device registration and issues the token. n is
// the registration number of this app on this device: 1 the first time,
// the same while the app stays registered, one more after each
// unregister (a reinstall gets a new token). A status with an empty Token
// is a refusal.
type RegisterFunc func(req protocol.RegisterRequest, n int) protocol.RegisterStatus

// DeviceEvent is a device's ack (delivered) or click on a notification.
type DeviceEvent struct {
	MsgID    string
	Token    string
	AppID    string
	Package  string
	DeviceID string
}

// HubConfig configures a Hub.
type HubConfig struct {
	// Vendor names the vendor: trace component and seed stream prefix.
	Vendor protocol.Vendor
	// Config is the vendor's configuration (trace, seed, latency, drop rate).
	Config Config
	// Register decides registrations; required.
	Register RegisterFunc
	// OnAck and OnClick, when set, hear acks and clicks (for receipts).
	// They run on the device's connection goroutine and must not block long.
	OnAck   func(DeviceEvent)
	OnClick func(DeviceEvent)
	// Keepalive; zero means the defaults above.
	PingInterval time.Duration
	PongWait     time.Duration
	WriteTimeout time.Duration
}

// Registration is one app's registration on one device.
type Registration struct {
	Token    string    `json:"token"`
	AppID    string    `json:"app_id"`
	Package  string    `json:"package"`
	DeviceID string    `json:"device_id"`
	N        int       `json:"n"`
	Active   bool      `json:"active"`
	At       time.Time `json:"registered_at"`
}

type appDevice struct{ app, device string }

// Hub is a vendor's device channel: the system push service on each phone
// holds one websocket to it. It registers apps and issues tokens (through
// the vendor's RegisterFunc), keeps the token registry, and delivers
// accepted notices after a seeded latency, holding them while the device
// is away until they expire.
type Hub struct {
	hc HubConfig
	up websocket.Upgrader

	regMu sync.Mutex // serializes registrations

	mu     sync.Mutex
	closed bool
	// shut mirrors closed for readers without mu (Deliver's decision).
	shut atomic.Bool
	// regLock guards the registry (byToken, current, counts and the
	// registrations they point to) for readers that do not hold mu:
	// writers hold mu and regLock, so Lookup needs only a read lock.
	regLock sync.RWMutex
	byToken map[string]*Registration
	current map[appDevice]string
	counts  map[appDevice]int
	devices map[string]*deviceState
	waiting map[string][]*pending // by token, until their latency passes
	conns   map[*deviceConn]struct{}
	timers  timerQueue // latencies, and expiries of held notices
	seq     uint64
	wg      sync.WaitGroup
	faults  atomic.Pointer[Faults]
	out     outbox
}

// setFaults gives the hub the vendor's fault rules, for drops and late
// deliveries.
func (h *Hub) setFaults(f *Faults) { h.faults.Store(f) }

// deviceState is what the hub knows of one device.
type deviceState struct {
	conn      *deviceConn
	held      []*pending         // due, waiting for the device
	delivered *Bounded[[]string] // msgID → tokens, to resolve clicks (the last maxClickable)

	// inflightMu guards inflight: the hub takes it under h.mu, an ack
	// alone.
	inflightMu sync.Mutex
	inflight   []*pending // handed to the socket, not yet acked
}

// NewHub returns a hub; serve it at protocol.DevicePath.
func NewHub(hc HubConfig) *Hub {
	if hc.PingInterval <= 0 {
		hc.PingInterval = DefaultPingInterval
	}
	if hc.PongWait <= 0 {
		hc.PongWait = DefaultPongWait
	}
	if hc.WriteTimeout <= 0 {
		hc.WriteTimeout = DefaultWriteTimeout
	}
	hc.Config = hc.Config.WithDefaults()
	h := &Hub{
		hc:      hc,
		up:      wsbuf.Upgrader(func(*http.Request) bool { return true }),
		byToken: map[string]*Registration{},
		current: map[appDevice]string{},
		counts:  map[appDevice]int{},
		devices: map[string]*deviceState{},
		waiting: map[string][]*pending{},
		conns:   map[*deviceConn]struct{}{},
	}
	h.timers.fire = h.fireTimers
	return h
}

// Lookup returns the registration a token was issued for.
func (h *Hub) Lookup(token string) (Registration, bool) {
	h.regLock.RLock()
	defer h.regLock.RUnlock()
	r, ok := h.byToken[token]
	if !ok {
		return Registration{}, false
	}
	return *r, true
}

// Known reports whether the token is issued and still registered.
func (h *Hub) Known(token string) bool {
	r, ok := h.Lookup(token)
	return ok && r.Active
}

// Registrations lists every registration, active or not, by time then token.
func (h *Hub) Registrations() []Registration {
	h.regLock.RLock()
	out := make([]Registration, 0, len(h.byToken))
	for _, r := range h.byToken {
		out = append(out, *r)
	}
	h.regLock.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Token < out[j].Token
	})
	return out
}

// Connected reports whether the device has a live device channel.
func (h *Hub) Connected(deviceID string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	ds := h.devices[deviceID]
	return ds != nil && ds.conn != nil
}

// Held is the number of notices waiting for the device to come back.
func (h *Hub) Held(deviceID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ds := h.devices[deviceID]; ds != nil {
		return len(ds.held)
	}
	return 0
}

// Unregister invalidates a token, as the vendor does when the app is
// uninstalled. It reports whether the token was registered.
func (h *Hub) Unregister(token string) bool {
	h.mu.Lock()
	r := h.byToken[token]
	ok := r != nil && r.Active
	if ok {
		h.regLock.Lock()
		h.deactivate(r)
		h.regLock.Unlock()
	}
	h.mu.Unlock()
	if ok {
		h.record(trace.Event{Kind: trace.VendorRegister, Device: r.DeviceID,
			Details: map[string]string{"action": "unregister", "app_id": r.AppID, "package": r.Package, "token": token}})
	}
	return ok
}

// deactivate marks r unregistered; h.mu and h.regLock are held.
func (h *Hub) deactivate(r *Registration) {
	r.Active = false
	key := appDevice{r.AppID, r.DeviceID}
	if h.current[key] == r.Token {
		delete(h.current, key)
	}
}

// register runs the vendor's decision for req and records the outcome.
func (h *Hub) register(req protocol.RegisterRequest) protocol.RegisterStatus {
	h.regMu.Lock()
	defer h.regMu.Unlock()
	key := appDevice{req.AppID, req.DeviceID}
	h.mu.Lock()
	n := h.counts[key]
	if cur := h.byToken[h.current[key]]; cur == nil || !cur.Active || n == 0 {
		n++
	}
	h.mu.Unlock()

	st := h.hc.Register(req, n)

	ev := trace.Event{Kind: trace.VendorRegister, Device: req.DeviceID, Details: map[string]string{
		"action": "register", "app_id": req.AppID, "package": req.Package, "code": st.Code}}
	if st.Message != "" {
		ev.Details["message"] = st.Message
	}
	if st.Token == "" {
		ev.Reason = protocol.ReasonRegistrationFailed
		h.record(ev)
		return st
	}
	ev.Details["token"] = st.Token
	h.mu.Lock()
	h.regLock.Lock()
	h.counts[key] = n
	if old := h.byToken[h.current[key]]; old != nil && old.Token != st.Token {
		h.deactivate(old)
	}
	r := h.byToken[st.Token]
	if r == nil || !r.Active {
		r = &Registration{Token: st.Token, AppID: req.AppID, Package: req.Package, DeviceID: req.DeviceID, N: n, At: time.Now()}
		h.byToken[st.Token] = r
	}
	r.Active = true
	h.current[key] = st.Token
	h.regLock.Unlock()
	h.mu.Unlock()
	h.record(ev)
	return st
}

// unregisterApp handles a device's unregister frame.
func (h *Hub) unregisterApp(c *deviceConn, f protocol.DeviceFrame) {
	token := f.Token
	if token == "" && f.Register != nil {
		dev := f.Register.DeviceID
		if dev == "" {
			dev = h.deviceOf(c)
		}
		h.mu.Lock()
		token = h.current[appDevice{f.Register.AppID, dev}]
		h.mu.Unlock()
	}
	if token != "" {
		h.Unregister(token)
	}
}

// record adds a trace event stamped with the vendor.
func (h *Hub) record(e trace.Event) {
	e.Component = string(h.hc.Vendor)
	h.hc.Config.Record(e)
}

// after runs f under h.mu once d has passed, unless the hub closes first.
// h.mu must be held.
func (h *Hub) after(d time.Duration, f func()) {
	if h.closed {
		return
	}
	h.timers.add(time.Now().Add(d), f)
}

// timerBatch is how many due jobs the hub runs under one hold of its
// lock: deliveries, acks and new pushes get in between a long run.
const timerBatch = 32

// fireTimers runs the hub's jobs that are due, timerBatch at a time; its
// timer calls it.
func (h *Hub) fireTimers() {
	now := time.Now()
	for more := true; more; {
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			return
		}
		more = h.timers.runSome(now, timerBatch)
		h.mu.Unlock()
	}
}

// Sockets is the number of device-channel sockets the hub holds open.
func (h *Hub) Sockets() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.conns)
}

// Close stops every timer, closes every device socket and waits for the
// hub's goroutines. Notices not yet delivered are dropped silently.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	h.shut.Store(true)
	h.timers.stop()
	conns := make([]*deviceConn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	h.wg.Wait()
	return nil
}
