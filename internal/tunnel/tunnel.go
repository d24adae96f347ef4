// Package tunnel carries many TCP-like connections over a few HTTP/2
// connections: each connection is one HTTP/2 stream (a POST whose request
// body is one direction and whose answer body the other). pushsim serve
// accepts them at Path and serves each as if a client had connected, so
// the phones of a load process, thousands of IM sockets and vendor
// channels, cost serve a few sockets instead of one or two a phone.
package tunnel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/handoff"
)

// Path is the route serve takes tunnels at.
const Path = "/_pushsim/tunnel"

// Listener hands out the tunnelled connections that its ServeHTTP takes,
// to an http.Server's Serve. Its queue of connections not yet accepted is
// bounded; a tunnel that finds it full waits, as a TCP client waits in a
// listen backlog.
type Listener struct {
	*handoff.Listener
}

// NewListener makes a listener whose connections report addr as their
// local address, with room for queue connections not yet accepted.
func NewListener(addr net.Addr, queue int) *Listener {
	return &Listener{handoff.New(addr, max(queue, 1))}
}

// ServeHTTP takes one tunnel: an HTTP/2 POST. It answers 200 at once and
// then carries the connection until either side closes it.
func (l *Listener) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 2 || r.Method != http.MethodPost {
		http.Error(w, "a tunnel is an HTTP/2 POST (h2c prior knowledge over plain TCP)", http.StatusBadRequest)
		return
	}
	rc := http.NewResponseController(w)
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return
	}
	c := &serverConn{body: r.Body, w: w, rc: rc, closed: make(chan struct{}), local: l.Addr(), remote: tcpAddr(r.RemoteAddr),
		chunks: make(chan []byte), readDL: newDeadline()}
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		c.pump()
	}()
	defer func() {
		c.Close()
		<-pumped
	}()
	if !l.Pass(c, r.Context().Done()) {
		return
	}
	select {
	case <-c.closed:
	case <-r.Context().Done():
	case <-l.Done():
	}
}

func tcpAddr(s string) net.Addr {
	if a, err := net.ResolveTCPAddr("tcp", s); err == nil {
		return a
	}
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}
}

// serverConn is serve's end of a tunnel. Writing after Close fails: the
// handler that owns w has returned by then. Reads go through a pump so
// that a read deadline (net/http sets one in the past to interrupt a
// read when a connection is hijacked for a websocket) only interrupts
// the read, where on the HTTP/2 stream itself it would end the stream.
// Write deadlines are left to HTTP/2 flow control.
type serverConn struct {
	body          io.ReadCloser
	rc            *http.ResponseController
	local, remote net.Addr

	chunks  chan []byte // from the pump, one at a time
	pending []byte      // what Read has not handed out of the last chunk
	readErr error       // the body's error once the pump ends
	readDL  *deadline

	mu     sync.Mutex
	w      http.ResponseWriter
	closed chan struct{}
	done   bool
}

// pumpChunk is the most the pump reads from the stream at once.
const pumpChunk = 1 << 10

// pump reads the stream and hands each chunk to Read, until the stream
// or the connection ends.
func (c *serverConn) pump() {
	defer close(c.chunks)
	for {
		buf := make([]byte, pumpChunk)
		n, err := c.body.Read(buf)
		if n > 0 {
			select {
			case c.chunks <- buf[:n]:
			case <-c.closed:
				return
			}
		}
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.mu.Unlock()
			return
		}
	}
}

func (c *serverConn) Read(p []byte) (int, error) {
	if len(c.pending) == 0 {
		select {
		case chunk, ok := <-c.chunks:
			if !ok {
				c.mu.Lock()
				err := c.readErr
				c.mu.Unlock()
				if err == nil {
					err = io.EOF
				}
				return 0, err
			}
			c.pending = chunk
		case <-c.readDL.expired():
			return 0, os.ErrDeadlineExceeded
		case <-c.closed:
			return 0, net.ErrClosed
		}
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

func (c *serverConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return 0, net.ErrClosed
	}
	n, err := c.w.Write(p)
	if err == nil {
		err = c.rc.Flush()
	}
	return n, err
}

func (c *serverConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.done {
		c.done = true
		close(c.closed)
		c.body.Close()
	}
	return nil
}

func (c *serverConn) LocalAddr() net.Addr  { return c.local }
func (c *serverConn) RemoteAddr() net.Addr { return c.remote }

func (c *serverConn) SetDeadline(t time.Time) error {
	return errors.Join(c.SetReadDeadline(t), c.SetWriteDeadline(t))
}

func (c *serverConn) SetReadDeadline(t time.Time) error {
	c.readDL.set(t)
	return nil
}

func (c *serverConn) SetWriteDeadline(t time.Time) error { return nil }

// deadline is a settable moment whose channel closes when it passes.
type deadline struct {
	mu    sync.Mutex
	timer *time.Timer
	ch    chan struct{}
}

func newDeadline() *deadline { return &deadline{ch: make(chan struct{})} }

// set moves the deadline (zero: none).
func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.ch // the timer closed it: wait no more
	}
	d.timer = nil
	closed := false
	select {
	case <-d.ch:
		closed = true
	default:
	}
	if t.IsZero() {
		if closed {
			d.ch = make(chan struct{})
		}
		return
	}
	if dur := time.Until(t); dur > 0 {
		if closed {
			d.ch = make(chan struct{})
		}
		ch := d.ch
		d.timer = time.AfterFunc(dur, func() { close(ch) })
		return
	}
	if !closed {
		close(d.ch)
	}
}

// expired is closed once the deadline has passed.
func (d *deadline) expired() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ch
}

// Dialer opens tunnels to a pushsim serve: each DialContext is a new
// HTTP/2 stream, and the streams share a few TCP connections (a new one
// when those carry as many streams as serve allows).
type Dialer struct {
	url, token string
	client     *http.Client
	tr         *http.Transport
}

// NewDialer tunnels to serve at base (http://host:port), with the admin
// token if serve has one. Whatever address a dial names, the tunnel goes
// to base.
func NewDialer(base, token string) *Dialer {
	tr := &http.Transport{IdleConnTimeout: 90 * time.Second}
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetUnencryptedHTTP2(true)
	return &Dialer{url: base + Path, token: token, tr: tr, client: &http.Client{Transport: tr}}
}

// Close closes the dialer's idle HTTP/2 connections.
func (d *Dialer) Close() { d.tr.CloseIdleConnections() }

// DialContext opens a tunnel; ctx bounds the opening only.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	pr, pw := io.Pipe()
	life, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(life, http.MethodPost, d.url, pr)
	if err != nil {
		cancel()
		return nil, err
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	stop := context.AfterFunc(ctx, cancel)
	resp, err := d.client.Do(req)
	stop()
	if err != nil {
		cancel()
		return nil, &net.OpError{Op: "dial", Net: "tunnel", Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		cancel()
		return nil, &net.OpError{Op: "dial", Net: "tunnel", Err: fmt.Errorf("%s answered %s: %s", d.url, resp.Status, msg)}
	}
	return &clientConn{body: resp.Body, pw: pw, cancel: cancel, remote: tcpAddr(resp.Request.URL.Host)}, nil
}

// clientConn is the dialer's end of a tunnel. Its deadlines are not
// enforced here: serve's end keeps its own.
type clientConn struct {
	body   io.ReadCloser
	pw     *io.PipeWriter
	cancel context.CancelFunc
	remote net.Addr
	once   sync.Once
}

func (c *clientConn) Read(p []byte) (int, error)  { return c.body.Read(p) }
func (c *clientConn) Write(p []byte) (int, error) { return c.pw.Write(p) }

func (c *clientConn) Close() error {
	c.once.Do(func() {
		c.pw.Close()
		c.body.Close()
		c.cancel()
	})
	return nil
}

func (c *clientConn) LocalAddr() net.Addr                { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *clientConn) RemoteAddr() net.Addr               { return c.remote }
func (c *clientConn) SetDeadline(t time.Time) error      { return nil }
func (c *clientConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *clientConn) SetWriteDeadline(t time.Time) error { return nil }
