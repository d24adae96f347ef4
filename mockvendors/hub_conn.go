package mockvendors

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/protocol"
)

// maxFrame bounds one device channel frame.
const maxFrame = 64 << 10

// deviceConn is one device's socket: the handler goroutine reads, one
// writer goroutine writes queued frames and keepalive pings in order.
type deviceConn struct {
	h        *Hub
	ws       *websocket.Conn
	deviceID string // guarded by h.mu

	mu    sync.Mutex
	queue []protocol.DeviceFrame
	wake  chan struct{}
	done  chan struct{}
}

// ServeHTTP upgrades a device's request to the device channel and serves
// it until the socket closes.
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
	c := &deviceConn{h: h, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		ws.Close()
		return
	}
	h.conns[c] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	go c.writeLoop()

	id := r.URL.Query().Get(DeviceQuery)
	if id == "" {
		id = r.Header.Get(DeviceHeader)
	}
	h.bind(c, id)
	c.readLoop()

	h.mu.Lock()
	delete(h.conns, c)
	if ds := h.devices[c.deviceID]; ds != nil && ds.conn == c && !h.closed {
		h.detach(ds, time.Now())
	}
	h.mu.Unlock()
	close(c.done)
	ws.Close()
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
		if json.Unmarshal(data, &f) != nil {
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
		h.bindByToken(c, f.Token)
		h.mu.Lock()
		p, ok := h.acked(c.deviceID, f.MsgID, f.Token)
		h.mu.Unlock()
		if ok && h.hc.OnAck != nil {
			h.hc.OnAck(h.event(p.notice.MsgID, p.token))
		}
	case protocol.DeviceClicked:
		h.bindByToken(c, f.Token)
		tokens := []string{f.Token}
		if f.Token == "" {
			h.mu.Lock()
			if ds := h.devices[c.deviceID]; ds != nil {
				tokens = append([]string(nil), ds.delivered[f.MsgID]...)
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
	r, _ := h.Lookup(token)
	return DeviceEvent{MsgID: msgID, Token: token, AppID: r.AppID, Package: r.Package, DeviceID: r.DeviceID}
}

// enqueue queues f for the writer; it never blocks.
func (c *deviceConn) enqueue(f protocol.DeviceFrame) {
	c.mu.Lock()
	c.queue = append(c.queue, f)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *deviceConn) writeLoop() {
	defer c.h.wg.Done()
	ping := time.NewTicker(c.h.hc.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.h.hc.WriteTimeout)); err != nil {
				c.ws.Close()
				return
			}
		case <-c.wake:
			c.mu.Lock()
			q := c.queue
			c.queue = nil
			c.mu.Unlock()
			for _, f := range q {
				data, err := json.Marshal(f)
				if err != nil {
					continue
				}
				_ = c.ws.SetWriteDeadline(time.Now().Add(c.h.hc.WriteTimeout))
				if err := c.ws.WriteMessage(websocket.TextMessage, data); err != nil {
					c.ws.Close()
					return
				}
			}
		}
	}
}
