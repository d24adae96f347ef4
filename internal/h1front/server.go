// Package h1front serves the plain HTTP/1.1 keep-alive requests that make
// up a load test's traffic without net/http's per-request costs, and
// passes every other connection to a net/http server.
//
// A Server reads each request head from its connection's buffer and, when
// the request is an ordinary one (HTTP/1.1, an origin-form target, a
// Host, a Content-Length body or none, well-formed header lines of one
// buffer's length), calls the net/http server's Handler with the
// *http.Request and an http.ResponseWriter of its own: one goroutine a
// connection, no background read, buffers kept across requests. Any other
// connection (HTTP/1.0, h2c, websocket and other upgrades, chunked or
// 100-continue bodies, a malformed or oversized head) goes to the net/http
// server unread from the start of that request, so that server answers it
// exactly as it would have alone: the same handler, its own errors.
package h1front

import (
	"bufio"
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/handoff"
)

// Bounds of a connection.
const (
	// readBufferSize is each connection's read buffer; a request head
	// longer than it goes to the fallback server.
	readBufferSize = 4 << 10
	// writeBufferSize is each connection's write buffer.
	writeBufferSize = 4 << 10
	// maxBufferedBody is how much of an answer is held back to be sent
	// with a Content-Length; past it the answer streams chunked.
	maxBufferedBody = 64 << 10
	// maxDrain is how much of a body the handler left unread is read
	// and thrown away to keep the connection; past it the connection
	// closes after the answer.
	maxDrain = 256 << 10
)

// ErrServerClosed is what Serve returns after Close.
var ErrServerClosed = http.ErrServerClosed

// Server is the front of Fallback: Serve accepts connections, serves the
// ordinary requests on them with Fallback.Handler and hands any other
// connection to Fallback. Fallback's ReadHeaderTimeout (or ReadTimeout)
// bounds reading a request head, its IdleTimeout (or ReadTimeout) the
// wait for the next request, and its ErrorLog receives handler panics.
// Fallback must not be served otherwise; Close closes it too.
type Server struct {
	// Fallback is the net/http server whose handler answers every
	// request and which serves the connections the front passes on.
	Fallback *http.Server

	once     sync.Once
	handoff  *handoff.Listener
	fallback chan error

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	closed    bool
}

func (s *Server) init(addr net.Addr) {
	s.once.Do(func() {
		s.handoff = handoff.New(addr, 0)
		s.fallback = make(chan error, 1)
		s.listeners = map[net.Listener]struct{}{}
		s.conns = map[*conn]struct{}{}
		go func() { s.fallback <- s.Fallback.Serve(s.handoff) }()
	})
}

// Serve accepts connections on ln until Close, and returns
// ErrServerClosed then, or the accept error that ended it.
func (s *Server) Serve(ln net.Listener) error {
	s.init(ln.Addr())
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	s.listeners[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ln)
		s.mu.Unlock()
	}()
	base := context.Background()
	if s.Fallback.BaseContext != nil {
		base = s.Fallback.BaseContext(ln)
	}
	base = context.WithValue(base, http.ServerContextKey, s.Fallback)
	var backoff time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		cn := s.newConn(base, c)
		if cn == nil {
			c.Close()
			continue
		}
		go cn.serve()
	}
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// newConn registers a connection, or returns nil once the server is
// closed.
func (s *Server) newConn(base context.Context, c net.Conn) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	ctx := context.WithValue(base, http.LocalAddrContextKey, c.LocalAddr())
	if s.Fallback.ConnContext != nil {
		ctx = s.Fallback.ConnContext(ctx, c)
	}
	ctx, cancel := context.WithCancel(ctx)
	cn := &conn{s: s, c: c, remote: c.RemoteAddr().String(), ctx: ctx, cancel: cancel}
	s.conns[cn] = struct{}{}
	return cn
}

// forget drops a connection the front no longer serves.
func (s *Server) forget(cn *conn) {
	s.mu.Lock()
	delete(s.conns, cn)
	s.mu.Unlock()
}

// Close stops the listeners, closes every connection the front serves
// (a request being answered is cut, its context ends) and closes
// Fallback, which closes the connections passed to it. Like
// http.Server.Close it does not wait for handlers to return.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var errs []error
	for ln := range s.listeners {
		errs = append(errs, ln.Close())
	}
	for cn := range s.conns {
		cn.cancel()
		cn.c.Close()
	}
	started := s.handoff != nil
	s.mu.Unlock()
	if started {
		// Fallback first, so that its Serve sees the listener close as
		// its own shutdown.
		errs = append(errs, s.Fallback.Close())
		s.handoff.Close()
		if err := <-s.fallback; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// logf logs to Fallback's ErrorLog, or the standard logger.
func (s *Server) logf(format string, args ...any) {
	if l := s.Fallback.ErrorLog; l != nil {
		l.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}

// conn is one connection the front serves.
type conn struct {
	s      *Server
	c      net.Conn
	remote string
	// ctx is the connection's context, every request's parent; cancel
	// ends it when the connection ends or the server closes.
	ctx    context.Context
	cancel context.CancelFunc
	br     *bufio.Reader
	bw     *bufio.Writer
	// handedOff is set once the connection belongs to the fallback.
	handedOff bool
	// keys is scratch space for sorting an answer's header names.
	keys []string
	// body is the answer buffer, kept across requests.
	body []byte
	// served counts the requests answered on the connection.
	served int
}

var (
	readers sync.Pool
	writers sync.Pool
)

func getReader(c net.Conn) *bufio.Reader {
	if br, ok := readers.Get().(*bufio.Reader); ok {
		br.Reset(c)
		return br
	}
	return bufio.NewReaderSize(c, readBufferSize)
}

func getWriter(c net.Conn) *bufio.Writer {
	if bw, ok := writers.Get().(*bufio.Writer); ok {
		bw.Reset(c)
		return bw
	}
	return bufio.NewWriterSize(c, writeBufferSize)
}

// serve reads and answers requests until the connection ends or is
// handed off.
func (cn *conn) serve() {
	defer cn.s.forget(cn)
	defer cn.cancel()
	cn.br, cn.bw = getReader(cn.c), getWriter(cn.c)
	defer func() {
		cn.bw.Reset(nil)
		writers.Put(cn.bw)
		if !cn.handedOff {
			cn.c.Close()
			cn.br.Reset(nil)
			readers.Put(cn.br)
		}
	}()
	for {
		if !cn.setReadDeadline() {
			return
		}
		head, err := readHead(cn.br, cn.served == 0)
		if err != nil {
			// Answers held back for pipelined requests go out first.
			if cn.bw.Flush() == nil && errors.Is(err, errPassOn) {
				cn.handOff()
			}
			return
		}
		if head.contentLength > 0 && !cn.setBodyDeadline() {
			return
		}
		if !cn.serveRequest(head) {
			return
		}
		cn.served++
	}
}

// setReadDeadline bounds the wait for the next request head: the
// header timeout for the first, the idle timeout for the next ones.
func (cn *conn) setReadDeadline() bool {
	hs := cn.s.Fallback
	d := hs.ReadHeaderTimeout
	if d <= 0 {
		d = hs.ReadTimeout
	}
	if cn.served > 0 {
		if hs.IdleTimeout > 0 {
			d = hs.IdleTimeout
		} else if hs.ReadTimeout > 0 {
			d = hs.ReadTimeout
		}
	}
	var t time.Time
	if d > 0 {
		t = time.Now().Add(d)
	}
	return cn.c.SetReadDeadline(t) == nil
}

// setBodyDeadline bounds reading the body as net/http does: by
// ReadTimeout from the head's end, or not at all.
func (cn *conn) setBodyDeadline() bool {
	var t time.Time
	if d := cn.s.Fallback.ReadTimeout; d > 0 {
		t = time.Now().Add(d)
	}
	return cn.c.SetReadDeadline(t) == nil
}

// handOff passes the connection, with what is buffered of it, to the
// fallback server.
func (cn *conn) handOff() {
	_ = cn.c.SetReadDeadline(time.Time{})
	var c net.Conn = cn.c
	if cn.br.Buffered() > 0 {
		c = &prefixConn{Conn: cn.c, br: cn.br}
	} else {
		cn.br.Reset(nil)
		readers.Put(cn.br)
	}
	if cn.s.handoff.Pass(c, nil) {
		cn.handedOff = true
		return
	}
	cn.c.Close()
}

// serveRequest answers one request and reports whether the connection
// stays open for the next.
func (cn *conn) serveRequest(h *head) bool {
	req, body := cn.request(h)
	ctx, cancel := context.WithCancel(cn.ctx)
	defer cancel()
	req = req.WithContext(ctx)
	w := &response{cn: cn, req: req, header: make(http.Header, 4), closeAfter: h.close, isHead: req.Method == http.MethodHead}
	if !cn.runHandler(w, req) {
		return false
	}
	body.finish()
	if body.unread() != 0 {
		w.closeAfter = true
	}
	if err := w.finish(); err != nil {
		return false
	}
	if w.closeAfter || cn.br.Buffered() == 0 {
		if cn.bw.Flush() != nil || w.closeAfter {
			return false
		}
	}
	_ = cn.c.SetWriteDeadline(time.Time{})
	return true
}

// runHandler calls the handler; a panic cuts the connection unanswered,
// as net/http does, logged unless it is http.ErrAbortHandler.
func (cn *conn) runHandler(w *response, req *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				buf := make([]byte, 64<<10)
				buf = buf[:runtime.Stack(buf, false)]
				cn.s.logf("http: panic serving %v: %v\n%s", cn.remote, v, buf)
			}
			ok = false
		}
	}()
	h := cn.s.Fallback.Handler
	if h == nil {
		h = http.DefaultServeMux
	}
	h.ServeHTTP(w, req)
	return true
}

// prefixConn is a handed-off connection whose first bytes are still in
// the front's read buffer.
type prefixConn struct {
	net.Conn
	mu sync.Mutex
	br *bufio.Reader
}

func (p *prefixConn) Read(b []byte) (int, error) {
	p.mu.Lock()
	br := p.br
	if br != nil && br.Buffered() == 0 {
		p.br = nil
		br.Reset(nil)
		readers.Put(br)
		br = nil
	}
	p.mu.Unlock()
	if br != nil {
		return br.Read(b)
	}
	return p.Conn.Read(b)
}
