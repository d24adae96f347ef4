package fakeim

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/protocol"
)

// wsConn is one device websocket. A reader goroutine reads it; a writer
// goroutine, started only while frames are queued, sends them in order, so
// nobody ever blocks on a slow device while holding the server lock and an
// idle socket costs one goroutine.
type wsConn struct {
	s  *Server
	ws *websocket.Conn

	inst   *instance // the session on this socket; guarded by s.mu
	authed bool      // a login succeeded on this socket; guarded by s.mu

	mu        sync.Mutex
	queue     []protocol.IMFrame
	closing   bool // close once the queue is flushed
	closeSent bool // the writer sent the close frame
	writing   bool // a writer goroutine runs
	stopped   bool // the reader stopped or a write failed: no more writers
}

// serveWS upgrades a device connection and hands it to a reader
// goroutine, so the handler's goroutine (and its deep stack) ends with the
// upgrade.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "fakeim: server closed", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	ws, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &wsConn{s: s, ws: ws}
	s.mu.Lock()
	if !s.goLocked(c.readLoop) {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}

// readLoop handles frames until the socket fails. Every frame pushes the
// read deadline Config.HeartbeatTimeout into the future, so a silently
// lost device is noticed that long after its last frame; until a login
// succeeds, the deadline is at most Config.LoginDeadline after the socket
// opened. Frames are at most MaxFrame bytes.
func (c *wsConn) readLoop() {
	defer func() {
		c.mu.Lock()
		c.stopped = true
		c.mu.Unlock()
	}()
	defer c.ws.Close()
	c.ws.SetReadLimit(MaxFrame)
	var loginBy time.Time
	if d := c.s.cfg.LoginDeadline; d > 0 {
		loginBy = time.Now().Add(d)
	}
	for {
		deadline := time.Now().Add(c.s.cfg.HeartbeatTimeout)
		if !loginBy.IsZero() {
			c.s.mu.Lock()
			authed := c.authed
			c.s.mu.Unlock()
			switch {
			case authed:
				loginBy = time.Time{}
			case loginBy.Before(deadline):
				deadline = loginBy
			}
		}
		c.ws.SetReadDeadline(deadline)
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			cause := CauseLinkClose
			var ne net.Error
			if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
				cause = CauseTimeOut
			}
			c.s.connLost(c, cause)
			return
		}
		c.handle(data)
	}
}

// handle handles one frame on a goroutine of its own and waits for it:
// frames stay in order, and the deep stack a login grows (UserSig
// inflation, JSON) is freed with it instead of staying with the idle
// reader for as long as the socket lives. A heartbeat, the most frequent
// frame by far, grows no stack and is answered on the reader's.
func (c *wsConn) handle(data []byte) {
	if seq, ok := protocol.ParseHeartbeat(data); ok {
		c.s.answerHeartbeat(c, seq) // shallow: no goroutine of its own
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.s.handleFrame(c, data)
	}()
	<-done
}

// writeLoop writes queued frames in order, then the close frame if the
// socket is to close, and ends when nothing is left to do.
func (c *wsConn) writeLoop() {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			f := c.queue[0]
			c.queue[0] = protocol.IMFrame{}
			c.queue = c.queue[1:]
			if len(c.queue) == 0 {
				c.queue = nil
			}
			c.mu.Unlock()
			if err := c.write(f); err != nil {
				c.ws.Close()
				c.mu.Lock()
				c.stopped, c.writing, c.queue = true, false, nil
				c.mu.Unlock()
				return
			}
			continue
		}
		if c.closing && !c.closeSent {
			c.closeSent = true
			c.mu.Unlock()
			c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
			_ = c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "session ended"))
			c.ws.Close()
			c.mu.Lock()
		}
		c.writing = false
		c.mu.Unlock()
		return
	}
}

// kickLocked starts a writer unless one runs or the socket is done. The
// reader goroutine, which Close waits for, is alive while stopped is
// false, so adding to the server's wait group here is safe. c.mu must be
// held.
func (c *wsConn) kickLocked() {
	if c.writing || c.stopped {
		return
	}
	c.writing = true
	c.s.wg.Add(1)
	go func() {
		defer c.s.wg.Done()
		c.writeLoop()
	}()
}

func (c *wsConn) write(f protocol.IMFrame) error {
	data, err := encodeFrame(f)
	if err != nil {
		return err
	}
	c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// encodeFrame is the JSON of f; a heartbeat's answer is written by hand,
// the same bytes without reflection.
func encodeFrame(f protocol.IMFrame) ([]byte, error) {
	if f.IsHeartbeat() {
		return protocol.AppendHeartbeat(make([]byte, 0, 40), f.Seq), nil
	}
	return json.Marshal(f)
}

// send queues a frame. Frames queued after closeAfterFlush are dropped.
func (c *wsConn) send(f protocol.IMFrame) {
	c.mu.Lock()
	if !c.closing && !c.stopped {
		c.queue = append(c.queue, f)
		c.kickLocked()
	}
	c.mu.Unlock()
}

// event queues a server event with data.
func (c *wsConn) event(name string, data any) {
	raw, _ := json.Marshal(data)
	c.send(protocol.IMFrame{Event: name, Data: raw})
}

// closeAfterFlush closes the socket once every queued frame is written.
func (c *wsConn) closeAfterFlush() {
	c.mu.Lock()
	c.closing = true
	c.kickLocked()
	c.mu.Unlock()
}

// connLost handles a socket that dropped: a logged-in instance on it
// becomes PushOnline (Offline on platforms without offline push).
func (s *Server) connLost(c *wsConn, cause string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	in := c.inst
	c.inst = nil
	if s.closed || in == nil || in.conn != c {
		return
	}
	in.conn = nil
	if pushPlatforms[in.platform] {
		s.setStateLocked(in, StatePushOnline, cause)
	} else {
		s.setStateLocked(in, StateOffline, cause)
	}
}
