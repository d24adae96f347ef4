package mockvendors

import (
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/protocol"
)

// maxFrame bounds one device channel frame.
const maxFrame = 64 << 10

// deviceConn is one device's socket: a reader goroutine reads it, a
// writer goroutine runs only while frames are queued, and a timer sends
// the keepalive pings, so an idle socket costs one goroutine.
type deviceConn struct {
	h        *Hub
	ws       *websocket.Conn
	deviceID string // guarded by h.mu
	// ds is the bound device's state, set by bind; only the reader
	// goroutine (which binds) reads it, to settle acks without h.mu.
	ds *deviceState

	mu      sync.Mutex
	queue   []protocol.DeviceFrame
	writing bool        // a writer goroutine runs
	stopped bool        // the reader stopped: no more writers or pings
	ping    *time.Timer // the next keepalive ping
}

// ServeHTTP upgrades a device's request to the device channel and hands
// the socket to a reader goroutine that serves it until it closes; the
// handler's own goroutine ends with the upgrade.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "push service shutting down", http.StatusServiceUnavailable)
		return
	}
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()

	ws, err := h.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &deviceConn{h: h, ws: ws}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()

	id := r.URL.Query().Get(DeviceQuery)
	if id == "" {
		id = r.Header.Get(DeviceHeader)
	}
	go func() {
		defer h.wg.Done()
		c.serve(id)
	}()
}

// serve binds the socket to the device it names, reads it until it
// closes and then forgets it.
func (c *deviceConn) serve(id string) {
	h := c.h
	c.mu.Lock()
	c.ping = time.AfterFunc(h.hc.PingInterval, c.sendPing)
	c.mu.Unlock()
	h.bind(c, id)
	c.readLoop()

	h.mu.Lock()
	delete(h.conns, c)
	if ds := h.devices[c.deviceID]; ds != nil && ds.conn == c && !h.closed {
		h.detach(ds, time.Now())
	}
	h.mu.Unlock()
	c.mu.Lock()
	c.stopped = true
	c.ping.Stop()
	c.queue = nil
	c.mu.Unlock()
	c.ws.Close()
}

// sendPing sends a keepalive ping and schedules the next. The reader,
// which the hub's Close waits for, is alive while stopped is false, so
// joining the hub's wait group here is safe.
func (c *deviceConn) sendPing() {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		return
	}
	c.h.wg.Add(1)
	c.mu.Unlock()
	defer c.h.wg.Done()
	if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.h.hc.WriteTimeout)); err != nil {
		c.ws.Close()
		return
	}
	c.mu.Lock()
	if !c.stopped {
		c.ping.Reset(c.h.hc.PingInterval)
	}
	c.mu.Unlock()
}

// bind names the device on the other end of c. A newer socket for the
// same device replaces the older one, whose unacked notices are resent.
func (h *Hub) bind(c *deviceConn, deviceID string) {
	if deviceID == "" {
		return
	}
	h.mu.Lock()
	if h.closed || c.deviceID != "" {
		h.mu.Unlock()
		return
	}
	now := time.Now()
	c.deviceID = deviceID
	ds := h.device(deviceID)
	c.ds = ds
	old := ds.conn
	if old != nil {
		h.detach(ds, now)
	}
	ds.conn = c
	h.flush(ds, now)
	h.mu.Unlock()
	if old != nil {
		old.ws.Close()
	}
}

func (h *Hub) deviceOf(c *deviceConn) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return c.deviceID
}

func (c *deviceConn) readLoop() {
	h := c.h
	c.ws.SetReadLimit(maxFrame)
	extend := func() { _ = c.ws.SetReadDeadline(time.Now().Add(h.hc.PongWait)) }
	extend()
	c.ws.SetPongHandler(func(string) error { extend(); return nil })
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		extend()
		var f protocol.DeviceFrame
		if protocol.ParseDeviceFrame(data, &f) != nil {
			continue
		}
		h.handle(c, f)
	}
}

// handle acts on one frame from a device.
func (h *Hub) handle(c *deviceConn, f protocol.DeviceFrame) {
	switch f.Type {
	case protocol.DeviceRegister:
		if f.Register == nil {
			return
		}
		h.bind(c, f.Register.DeviceID)
		st := h.register(*f.Register)
		c.enqueue(protocol.DeviceFrame{Type: protocol.DeviceRegisterStatus, Seq: f.Seq, Status: &st})
	case protocol.DeviceUnregister:
		h.unregisterApp(c, f)
	case protocol.DeviceAck:
		// The device's own lock settles the ack of a bound socket, the
		// common case: acks never wait for the hub's lock.
		if c.ds == nil {
			h.bindByToken(c, f.Token)
		}
		if c.ds == nil {
			return
		}
		p, ok := c.ds.acked(f.MsgID, f.Token)
		if ok && h.hc.OnAck != nil {
			h.hc.OnAck(DeviceEvent{MsgID: p.notice.MsgID, Token: p.token, AppID: p.appID, Package: p.pkg, DeviceID: p.device})
		}
	case protocol.DeviceClicked:
		h.bindByToken(c, f.Token)
		tokens := []string{f.Token}
		if f.Token == "" {
			h.mu.Lock()
			if ds := h.devices[c.deviceID]; ds != nil {
				if ds.delivered != nil {
					t, _ := ds.delivered.Get(f.MsgID)
					tokens = append([]string(nil), t...)
				}
			}
			h.mu.Unlock()
		}
		for _, t := range tokens {
			if t != "" && h.hc.OnClick != nil {
				h.hc.OnClick(h.event(f.MsgID, t))
			}
		}
	}
}

// bindByToken names the device by a token it quotes.
func (h *Hub) bindByToken(c *deviceConn, token string) {
	if token == "" {
		return
	}
	if r, ok := h.Lookup(token); ok {
		h.bind(c, r.DeviceID)
	}
}

func (h *Hub) event(msgID, token string) DeviceEvent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.eventLocked(msgID, token)
}

// eventLocked is event with h.mu held.
func (h *Hub) eventLocked(msgID, token string) DeviceEvent {
	var r Registration
	if reg := h.byToken[token]; reg != nil {
		r = *reg
	}
	return DeviceEvent{MsgID: msgID, Token: token, AppID: r.AppID, Package: r.Package, DeviceID: r.DeviceID}
}

// enqueue queues f for the writer, starting one if none runs; it never
// blocks. Frames for a socket whose reader stopped are dropped.
func (c *deviceConn) enqueue(f protocol.DeviceFrame) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.queue = append(c.queue, f)
	if c.writing {
		return
	}
	c.writing = true
	c.h.wg.Add(1)
	go func() {
		defer c.h.wg.Done()
		c.writeLoop()
	}()
}

// writeLoop writes the queued frames in order and ends when the queue is
// empty.
func (c *deviceConn) writeLoop() {
	var buf []byte
	for {
		c.mu.Lock()
		q := c.queue
		c.queue = nil
		if len(q) == 0 {
			c.writing = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		for _, f := range q {
			data, err := protocol.AppendDeviceFrame(buf[:0], &f)
			if err != nil {
				continue
			}
			buf = data
			_ = c.ws.SetWriteDeadline(time.Now().Add(c.h.hc.WriteTimeout))
			if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
				c.ws.Close()
				c.mu.Lock()
				c.writing, c.queue = false, nil
				c.mu.Unlock()
				return
			}
		}
	}
}
