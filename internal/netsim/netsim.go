// Package netsim is the network every pushsim server and client runs on: an
// in-memory network of synchronous pipes for virtual-time runs inside a
// testing/synctest bubble, or the loopback interface for real-time runs, plus
// a per-device Link that can be cut cleanly or silently.
package netsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Dialer opens connections. *net.Dialer, *Memory and *Link satisfy it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Network is a place where servers listen and clients dial.
type Network interface {
	Dialer
	// Listen announces on address ("host:port"; port 0 picks a free one).
	Listen(network, address string) (net.Listener, error)
	// Close closes every listener and connection the network made.
	Close() error
}

// ErrRefused is returned when nothing listens on the dialed address.
var ErrRefused = errors.New("connection refused")

// ErrUnreachable is returned by a Link whose network is off.
var ErrUnreachable = errors.New("network is unreachable")

// HTTPClient returns an HTTP client that dials through d and never follows
// redirects to other networks. Its connections are not kept idle, so a
// closed network leaves no reader goroutine behind.
func HTTPClient(d Dialer, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:         d.DialContext,
			MaxIdleConnsPerHost: 4,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   false,
		},
	}
}

// Loopback is the real network on 127.0.0.1.
type Loopback struct {
	mu        sync.Mutex
	listeners []net.Listener
	dialer    net.Dialer
}

// NewLoopback returns a network on the loopback interface.
func NewLoopback() *Loopback { return &Loopback{} }

// Listen listens on a real socket.
func (l *Loopback) Listen(network, address string) (net.Listener, error) {
	ln, err := net.Listen(network, address)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.listeners = append(l.listeners, ln)
	l.mu.Unlock()
	return ln, nil
}

// DialContext dials a real socket.
func (l *Loopback) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return l.dialer.DialContext(ctx, network, address)
}

// Close closes the listeners made by Listen.
func (l *Loopback) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	for _, ln := range l.listeners {
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	l.listeners = nil
	return errors.Join(errs...)
}

// Memory is an in-memory network: Dial returns one end of a connection
// whose other end a Listener accepts. A write hands its bytes straight to
// the far end's bounded buffer (64 KiB each way), so no goroutine moves
// them; every operation blocks on channels only, so goroutines waiting on
// it are durably blocked inside a synctest bubble and virtual time can
// advance.
type Memory struct {
	mu        sync.Mutex
	listeners map[string]*memListener
	conns     map[*pipeConn]*pipeConn // open connections by their client end
	nextPort  int
	closed    bool
}

// NewMemory returns an empty in-memory network.
func NewMemory() *Memory {
	return &Memory{listeners: map[string]*memListener{}, conns: map[*pipeConn]*pipeConn{}, nextPort: 40000}
}

// Listen announces on address. Port 0 picks a free port.
func (m *Memory) Listen(network, address string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("memory listen %q: %w", address, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, net.ErrClosed
	}
	if port == "0" {
		m.nextPort++
		port = fmt.Sprint(m.nextPort)
	}
	addr := net.JoinHostPort(host, port)
	if _, taken := m.listeners[addr]; taken {
		return nil, fmt.Errorf("memory listen %s: address already in use", addr)
	}
	ln := &memListener{net: m, addr: memAddr(addr), accept: make(chan net.Conn), done: make(chan struct{})}
	m.listeners[addr] = ln
	return ln, nil
}

// DialContext connects to a listener on address.
func (m *Memory) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	m.mu.Lock()
	ln := m.listeners[address]
	m.mu.Unlock()
	if ln == nil {
		return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(address), Err: ErrRefused}
	}
	var client, server *pipeConn
	client, server = newPipe(memAddr("client"), ln.addr, func() {
		m.mu.Lock()
		delete(m.conns, client)
		m.mu.Unlock()
	})
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, net.ErrClosed
	}
	m.conns[client] = server
	m.mu.Unlock()
	select {
	case ln.accept <- server:
	case <-ln.done:
		client.Close()
		return nil, &net.OpError{Op: "dial", Net: "mem", Addr: memAddr(address), Err: ErrRefused}
	case <-ctx.Done():
		client.Close()
		return nil, ctx.Err()
	}
	return client, nil
}

// Close closes every listener and every connection, so no goroutine stays
// blocked on the network.
func (m *Memory) Close() error {
	m.mu.Lock()
	m.closed = true
	lns := m.listeners
	conns := m.conns
	m.listeners = map[string]*memListener{}
	m.conns = map[*pipeConn]*pipeConn{}
	m.mu.Unlock()
	for _, ln := range lns {
		ln.Close()
	}
	for c, peer := range conns {
		c.Close()
		peer.Close()
	}
	return nil
}

type memAddr string

func (a memAddr) Network() string { return "mem" }
func (a memAddr) String() string  { return string(a) }

type memListener struct {
	net    *Memory
	addr   memAddr
	accept chan net.Conn
	done   chan struct{}
	once   sync.Once
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.accept:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *memListener) Close() error {
	l.once.Do(func() {
		close(l.done)
		l.net.mu.Lock()
		if l.net.listeners[string(l.addr)] == l {
			delete(l.net.listeners, string(l.addr))
		}
		l.net.mu.Unlock()
	})
	return nil
}

func (l *memListener) Addr() net.Addr { return l.addr }
