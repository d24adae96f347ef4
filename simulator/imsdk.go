package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// HeartbeatInterval is how often the IM SDK sends a heartbeat while
// connected, by default.
const HeartbeatInterval = 2 * time.Minute

// IMError is an IM request the server refused.
type IMError struct {
	Cmd  string
	Code int
	Desc string
}

func (e *IMError) Error() string { return fmt.Sprintf("im %s: code %d: %s", e.Cmd, e.Code, e.Desc) }

// imSDK is the IM SDK inside the app process: one websocket to fakeim,
// requests correlated by sequence number, heartbeats, and automatic
// reconnection and re-login after a lost connection.
type imSDK struct {
	d *Device

	mu         sync.Mutex
	conn       *jsonConn
	seq        uint64
	pending    map[uint64]chan protocol.IMFrame
	loggedIn   bool   // the user is logged in (not logged out, not kicked)
	sig        string // the UserSig of the current login
	pushConfig *protocol.OfflinePushConfig
	background bool
	hb         *time.Timer // the next heartbeat on conn; nil when none
}

func newIMSDK(d *Device) *imSDK {
	return &imSDK{d: d, pending: map[uint64]chan protocol.IMFrame{}}
}

// connected reports whether a socket is open.
func (s *imSDK) connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn != nil
}

func (s *imSDK) isLoggedIn() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loggedIn
}

// ensureConn opens the socket if it is not open.
func (s *imSDK) ensureConn(ctx context.Context) (*jsonConn, error) {
	s.mu.Lock()
	if s.conn != nil {
		c := s.conn
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	c, err := dialJSON(ctx, s.d.imLink, s.d.cfg.IMURL, protocol.IMPath, frameHandlers{
		onFrame: s.onFrame,
		shallow: s.onHeartbeatAnswer,
		onClose: func(c *jsonConn, _ error) { s.onClosed(c) },
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.conn = c
	s.hb = time.AfterFunc(s.d.cfg.HeartbeatInterval, func() { s.heartbeat(c) })
	s.mu.Unlock()
	return c, nil
}

// heartbeat sends one heartbeat on c and schedules the next, every
// Config.HeartbeatInterval, as long as c is the open socket with its
// heartbeats running. A timer instead of a goroutine: an idle phone costs
// no goroutine for it.
func (s *imSDK) heartbeat(c *jsonConn) {
	if !s.d.enter() {
		return
	}
	defer s.d.wg.Done()
	s.mu.Lock()
	if s.conn != c || s.hb == nil {
		s.mu.Unlock()
		return
	}
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	if err := c.sendJSON(protocol.AppendHeartbeat(make([]byte, 0, 40), seq)); err != nil {
		return
	}
	s.mu.Lock()
	if s.conn == c && s.hb != nil {
		s.hb.Reset(s.d.cfg.HeartbeatInterval)
	}
	s.mu.Unlock()
}

// stopHeartbeatLocked stops the socket's heartbeats. s.mu must be held.
func (s *imSDK) stopHeartbeatLocked() {
	if s.hb != nil {
		s.hb.Stop()
		s.hb = nil
	}
}

// onClosed runs on the reader goroutine when the socket drops.
func (s *imSDK) onClosed(c *jsonConn) {
	s.mu.Lock()
	if s.conn == c {
		s.conn = nil
		s.stopHeartbeatLocked()
	}
	for seq, ch := range s.pending {
		close(ch)
		delete(s.pending, seq)
	}
	wasLoggedIn := s.loggedIn
	s.mu.Unlock()
	if wasLoggedIn {
		s.d.imLost()
	}
}

// onFrame dispatches a frame from the server.
func (s *imSDK) onFrame(raw json.RawMessage) {
	var f protocol.IMFrame
	if err := json.Unmarshal(raw, &f); err != nil {
		return
	}
	if f.Event != "" {
		s.onEvent(f)
		return
	}
	s.onAnswer(f)
}

// onHeartbeatAnswer handles the server's answer to a heartbeat as onFrame
// would, without decoding it, and reports whether data was one.
func (s *imSDK) onHeartbeatAnswer(data []byte) bool {
	seq, ok := protocol.ParseHeartbeat(data)
	if ok {
		s.onAnswer(protocol.IMFrame{Cmd: protocol.CmdHeartbeat, Seq: seq})
	}
	return ok
}

// onAnswer hands the server's answer f to the request waiting for it.
func (s *imSDK) onAnswer(f protocol.IMFrame) {
	s.mu.Lock()
	ch := s.pending[f.Seq]
	delete(s.pending, f.Seq)
	s.mu.Unlock()
	if ch != nil {
		ch <- f
	}
}

func (s *imSDK) onEvent(f protocol.IMFrame) {
	switch f.Event {
	case protocol.EventRecvNewMessage:
		var m protocol.IMMessage
		if json.Unmarshal(f.Data, &m) == nil {
			s.d.onIMMessage(m)
		}
	case protocol.EventKickedOffline:
		var k protocol.KickedEvent
		_ = json.Unmarshal(f.Data, &k)
		s.mu.Lock()
		s.loggedIn = false
		s.pushConfig = nil
		s.mu.Unlock()
		s.d.onKicked(k)
	case protocol.EventUserSigExpired:
		s.d.record(kindAction, nil, "action", "user_sig_expired")
	}
}

// request sends cmd and waits for its response.
func (s *imSDK) request(ctx context.Context, cmd string, data any) (protocol.IMFrame, error) {
	c, err := s.ensureConn(ctx)
	if err != nil {
		return protocol.IMFrame{}, err
	}
	var raw json.RawMessage
	if data != nil {
		if raw, err = json.Marshal(data); err != nil {
			return protocol.IMFrame{}, err
		}
	}
	ch := make(chan protocol.IMFrame, 1)
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.pending[seq] = ch
	s.mu.Unlock()
	if err := c.send(protocol.IMFrame{Cmd: cmd, Seq: seq, Data: raw}); err != nil {
		s.mu.Lock()
		delete(s.pending, seq)
		s.mu.Unlock()
		return protocol.IMFrame{}, fmt.Errorf("im %s: %w", cmd, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.d.cfg.Timeout)
	defer cancel()
	select {
	case f, ok := <-ch:
		if !ok {
			return protocol.IMFrame{}, fmt.Errorf("im %s: %w", cmd, errClosed)
		}
		if f.Code != protocol.CodeOK {
			return f, &IMError{Cmd: cmd, Code: f.Code, Desc: f.Desc}
		}
		return f, nil
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.pending, seq)
		s.mu.Unlock()
		return protocol.IMFrame{}, fmt.Errorf("im %s: %w", cmd, ctx.Err())
	}
}

// login logs in with a fresh UserSig.
func (s *imSDK) login(ctx context.Context, sig string) error {
	req := protocol.LoginRequest{
		SDKAppID: s.d.cfg.SDKAppID, UserID: s.d.cfg.User, UserSig: sig,
		Platform: s.d.cfg.Brand.Platform(), InstanceID: s.d.cfg.ID,
	}
	if _, err := s.request(ctx, protocol.CmdLogin, req); err != nil {
		return err
	}
	s.mu.Lock()
	s.loggedIn = true
	s.sig = sig
	s.mu.Unlock()
	return nil
}

// setOfflinePushConfig reports (certificate ID, token).
func (s *imSDK) setOfflinePushConfig(ctx context.Context, cfg protocol.OfflinePushConfig) error {
	if _, err := s.request(ctx, protocol.CmdSetOfflinePushConfig, cfg); err != nil {
		return err
	}
	s.mu.Lock()
	s.pushConfig = &cfg
	s.mu.Unlock()
	return nil
}

// setBackground calls doBackground or doForeground.
func (s *imSDK) setBackground(ctx context.Context, bg bool) error {
	cmd := protocol.CmdDoForeground
	var data any
	if bg {
		cmd, data = protocol.CmdDoBackground, protocol.BackgroundRequest{}
	}
	if _, err := s.request(ctx, cmd, data); err != nil {
		return err
	}
	s.mu.Lock()
	s.background = bg
	s.mu.Unlock()
	return nil
}

// logout logs out and closes the socket.
func (s *imSDK) logout(ctx context.Context) error {
	_, err := s.request(ctx, protocol.CmdLogout, nil)
	s.mu.Lock()
	s.loggedIn = false
	s.pushConfig = nil
	s.background = false
	s.mu.Unlock()
	s.drop(true)
	return err
}

// drop closes the socket: with a close frame when graceful, else as a
// killed process does (the kernel still sends a FIN).
func (s *imSDK) drop(graceful bool) {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.stopHeartbeatLocked()
	s.mu.Unlock()
	if c == nil {
		return
	}
	if graceful {
		c.close()
	} else {
		c.abandon()
	}
}

// reset forgets everything, as a killed process does.
func (s *imSDK) reset() {
	s.mu.Lock()
	s.loggedIn = false
	s.pushConfig = nil
	s.background = false
	s.sig = ""
	s.mu.Unlock()
	s.drop(false)
	s.d.goMu.Lock()
	s.d.imLostAgain = false
	s.d.goMu.Unlock()
}

// reconnect logs in again after a lost connection, as the SDK does on its
// own, and restores the push config and background mode.
func (s *imSDK) reconnect(ctx context.Context) error {
	s.mu.Lock()
	sig, cfg, bg, in := s.sig, s.pushConfig, s.background, s.loggedIn
	s.mu.Unlock()
	if !in {
		return nil
	}
	if err := s.login(ctx, sig); err != nil {
		return err
	}
	if cfg != nil {
		if err := s.setOfflinePushConfig(ctx, *cfg); err != nil {
			return err
		}
	}
	if bg {
		return s.setBackground(ctx, true)
	}
	return nil
}
