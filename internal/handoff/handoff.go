// Package handoff is a net.Listener whose connections other code hands
// over, for an http.Server's Serve: the tunnelled connections serve takes
// as HTTP/2 streams, the connections the HTTP/1.1 front passes to
// net/http.
package handoff

import (
	"net"
	"sync"
)

// Listener hands out the connections Pass gives it. Its queue of
// connections not yet accepted is bounded; Pass waits while it is full.
type Listener struct {
	addr  net.Addr
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// New makes a listener at addr with room for queue connections not yet
// accepted (0: Pass waits for Accept).
func New(addr net.Addr, queue int) *Listener {
	return &Listener{addr: addr, conns: make(chan net.Conn, max(queue, 0)), done: make(chan struct{})}
}

// Pass hands c to Accept, waiting while the queue is full. It reports
// false, with c not taken, once the listener is closed or cancel is.
func (l *Listener) Pass(c net.Conn, cancel <-chan struct{}) bool {
	select {
	case <-l.done:
		return false
	default:
	}
	select {
	case l.conns <- c:
		return true
	case <-l.done:
		return false
	case <-cancel:
		return false
	}
}

// Done is closed once the listener is.
func (l *Listener) Done() <-chan struct{} { return l.done }

// Accept waits for the next connection handed over.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and Pass; connections already accepted are their
// server's.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr is the listener's address.
func (l *Listener) Addr() net.Addr { return l.addr }
