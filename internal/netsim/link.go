package netsim

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Link is one device's access to the network. While it is up it dials
// through the underlying dialer. Taking it down is a silent loss, as when a
// phone loses its radio: the device's own sockets fail at once, but no FIN or
// RST reaches the servers, which only notice when their heartbeats time out.
// Whatever the servers still send is read and discarded, as a dead path
// would swallow it. Cut(true) is the other way down, a hard cut: the
// servers get a FIN at once. SetLatency delays every byte each way.
type Link struct {
	dialer  Dialer
	mu      sync.Mutex
	down    bool
	latency atomic.Int64 // nanoseconds; read on every read and write, so no lock
	conns   map[*linkConn]struct{}
}

// maxQueued bounds the chunks a connection holds back for latency in each
// direction; a writer beyond it waits.
const maxQueued = 64

// SetLatency sets the one-way latency of the link: every chunk written or
// read from now on arrives d later (simulated time). 0 is none.
func (l *Link) SetLatency(d time.Duration) {
	l.latency.Store(int64(max(d, 0)))
}

// Latency is the link's one-way latency.
func (l *Link) Latency() time.Duration {
	return time.Duration(l.latency.Load())
}

// Cut takes the link down. A silent cut (hard false) is SetUp(false): the
// far ends learn nothing. A hard cut closes every open connection towards
// the far end too, as a FIN or RST would, so servers see it at once; the
// device's side fails as in a silent cut.
func (l *Link) Cut(hard bool) {
	if !hard {
		l.SetUp(false)
		return
	}
	l.mu.Lock()
	l.down = true
	var cut []*linkConn
	for c := range l.conns {
		cut = append(cut, c)
	}
	l.conns = map[*linkConn]struct{}{}
	l.mu.Unlock()
	for _, c := range cut {
		c.cut()
		c.Conn.Close()
	}
}

// NewLink returns an up link over d.
func NewLink(d Dialer) *Link {
	return &Link{dialer: d, conns: map[*linkConn]struct{}{}}
}

// Up reports whether the link is up.
func (l *Link) Up() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.down
}

// SetUp turns the link on or off. Turning it off cuts every open
// connection silently.
func (l *Link) SetUp(up bool) {
	l.mu.Lock()
	if l.down == !up {
		l.mu.Unlock()
		return
	}
	l.down = !up
	var cut []*linkConn
	if !up {
		for c := range l.conns {
			cut = append(cut, c)
		}
		l.conns = map[*linkConn]struct{}{}
	}
	l.mu.Unlock()
	for _, c := range cut {
		c.cut()
	}
}

// DialContext dials through the underlying dialer, or fails with
// ErrUnreachable while the link is down.
func (l *Link) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	if !l.Up() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: ErrUnreachable}
	}
	c, err := l.dialer.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	lc := &linkConn{Conn: c, link: l, gone: make(chan struct{})}
	direct, _ := c.(stampedConn)
	if inner, ok := c.(*linkConn); ok && inner.direct == nil {
		direct = nil // a link over a real socket: pumped
	}
	lc.direct = direct
	if direct != nil {
		direct.addLink(l)
	}
	if inner, ok := c.(*linkConn); ok && direct == nil {
		inner.wakeCh = make(chan struct{}, 1) // lc may wake its reads
	}
	through := direct == nil && readsThrough(c)
	if direct == nil && !through {
		lc.chunks = make(chan stamped, maxQueued)
	}
	l.mu.Lock()
	if l.down {
		l.mu.Unlock()
		c.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Err: ErrUnreachable}
	}
	l.conns[lc] = struct{}{}
	l.mu.Unlock()
	if direct == nil && !through {
		go lc.pump()
	}
	return lc, nil
}

// readsThrough reports whether a link's reads may go straight to c while
// the link has no latency and is not cut: c is a socket or a link
// connection, whose blocked Read a cut can wake (wake).
func readsThrough(c net.Conn) bool {
	switch c.(type) {
	case *net.TCPConn, *net.UnixConn, *linkConn:
		return true
	}
	return false
}

// errWoken is what a Read woken by a cut of a link above returns; that
// link turns it into its own error.
var errWoken = errors.New("netsim: read woken by a cut")

// aLongTimeAgo is a read deadline that wakes a blocked Read at once.
var aLongTimeAgo = time.Unix(1, 0)

// wake makes a Read blocked in c return at once (or the next one, if none
// is blocked), until rearm.
func wake(c net.Conn) {
	if lc, ok := c.(*linkConn); ok {
		lc.wakeRead()
		return
	}
	_ = c.SetReadDeadline(aLongTimeAgo)
}

// rearm undoes wake.
func rearm(c net.Conn) {
	if lc, ok := c.(*linkConn); ok {
		lc.rearmRead()
		return
	}
	_ = c.SetReadDeadline(time.Time{})
}

// stampedConn is a connection whose chunks carry their own travel time:
// an in-memory connection, or a link over one. A link over it needs no
// goroutine: it adds itself to the links the chunks travel (whose
// latencies the in-memory end applies each way), its reads and writes go
// straight through, and a silent cut swallows at the in-memory buffer.
type stampedConn interface {
	net.Conn
	// addLink makes what travels this conn, either way, take l's latency too.
	addLink(l *Link)
	// swallow cuts silently: what arrives vanishes, what travels is lost.
	swallow()
}

// The pump's read buffer: small for an idle phone, up to 32 KiB for bulk.
const (
	minPumpBuffer = 512
	maxPumpBuffer = 32 << 10
)

type linkConn struct {
	net.Conn
	direct   stampedConn // the conn when it is stamped: no pump, no writer
	link     *Link
	mu       sync.Mutex
	isCut    bool
	isClosed bool
	gone     chan struct{} // closed when the device can no longer use the conn
	once     sync.Once
	// chunks is what the pump read, for the device; nil (under mu) while
	// reads go through to the conn, until the link gets latency or is cut.
	chunks  chan stamped
	pending []byte
	readErr error // the pump's, or the conn's when reads go through (sticky)
	reading bool  // a Read is in the conn underneath; under mu
	woken   bool  // cut woke that Read; under mu
	// A link over this one wakes a Read through wakeCh (a pumped Read) or
	// wakePending (the next Read), until it rearms.
	wakeCh      chan struct{}
	wakePending bool
	out         chan stamped  // what the device wrote, held back for latency
	queued      int           // chunks in out or being written; under mu
	done        chan struct{} // closed when the writer stops
}

// stamped is a chunk with the moment it may arrive.
type stamped struct {
	b   []byte
	due time.Time
}

// wait sleeps until due, or reports false when the conn goes first.
func (c *linkConn) wait(due time.Time) bool { return c.waitOr(due, nil) }

// waitOr is wait that a receive from woken ends too.
func (c *linkConn) waitOr(due time.Time, woken <-chan struct{}) bool {
	d := time.Until(due)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.gone:
		return false
	case <-woken:
		return false
	}
}

// pump reads the far end. While the link is up it hands what it reads to
// Read; once the link is cut it swallows everything until the far end gives
// up and closes.
func (c *linkConn) pump() {
	// An idle phone's socket carries heartbeats of a few dozen bytes, so
	// the read buffer starts small and doubles only when a read fills it.
	buf := make([]byte, minPumpBuffer)
	for {
		n, err := c.Conn.Read(buf)
		if n > 0 && !c.isDead() {
			chunk := stamped{append([]byte(nil), buf[:n]...), time.Now().Add(c.link.Latency())}
			select {
			case c.chunks <- chunk:
			case <-c.gone:
			}
		}
		if n == len(buf) && len(buf) < maxPumpBuffer {
			buf = make([]byte, 2*len(buf))
		}
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.mu.Unlock()
			close(c.chunks)
			if c.isCutOnly() {
				c.Conn.Close()
			}
			return
		}
	}
}

func (c *linkConn) cut() {
	c.mu.Lock()
	if c.isCut || c.isClosed {
		c.mu.Unlock()
		return
	}
	c.isCut = true
	if c.direct == nil && c.chunks == nil {
		// Reads went through: a Read in the conn underneath is woken and
		// then starts the pump to swallow; without one, start it now.
		if c.reading {
			c.woken = true
			wake(c.Conn)
		} else {
			c.startPumpLocked()
		}
	}
	c.mu.Unlock()
	c.once.Do(func() { close(c.gone) })
	if c.direct != nil {
		c.direct.swallow()
	}
}

// startPumpLocked turns reads that went through into pumped ones, for
// good. c.mu is held.
func (c *linkConn) startPumpLocked() {
	c.chunks = make(chan stamped, maxQueued)
	go c.pump()
}

// wakeRead wakes a Read of c (wake).
func (c *linkConn) wakeRead() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading {
		c.woken = true
		wake(c.Conn)
		return
	}
	c.wakePending = true
	select {
	case c.wakeCh <- struct{}{}:
	default:
	}
}

// rearmRead undoes wakeRead.
func (c *linkConn) rearmRead() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wakePending = false
	select {
	case <-c.wakeCh:
	default:
	}
}

func (c *linkConn) isDead() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.isCut || c.isClosed
}

func (c *linkConn) isCutOnly() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.isCut
}

func unreachable(op string) error { return &net.OpError{Op: op, Net: "link", Err: ErrUnreachable} }

func (c *linkConn) Read(p []byte) (int, error) {
	if c.direct != nil {
		return c.readDirect(p)
	}
	if len(c.pending) == 0 {
		c.mu.Lock()
		dead, chunks, woken := c.isCut || c.isClosed, c.chunks, c.wakePending
		if !dead && !woken && chunks == nil {
			if c.link.Latency() == 0 {
				return c.readThrough(p)
			}
			c.startPumpLocked()
			chunks = c.chunks
		}
		c.mu.Unlock()
		switch {
		case dead:
			return 0, unreachable("read")
		case woken:
			return 0, errWoken
		}
		select {
		case <-c.wakeCh:
			return 0, errWoken
		case chunk, ok := <-chunks:
			if !ok {
				if c.isDead() {
					return 0, unreachable("read")
				}
				c.mu.Lock()
				err := c.readErr
				c.mu.Unlock()
				return 0, err
			}
			if !c.waitOr(chunk.due, c.wakeCh) {
				if c.isDead() {
					return 0, unreachable("read")
				}
				return 0, errWoken
			}
			c.pending = chunk.b
		case <-c.gone:
			return 0, unreachable("read")
		}
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// readThrough reads the conn underneath, as the pump would but on the
// reader's goroutine: what it reads is the device's unless the conn was
// cut or closed meanwhile (a closed one's reads are swallowed until the
// conn underneath fails), and it arrives one latency later if the link
// got one meanwhile, when the pump takes over for what follows. c.mu is
// held and readThrough unlocks it.
func (c *linkConn) readThrough(p []byte) (int, error) {
	if c.readErr != nil {
		err := c.readErr
		c.mu.Unlock()
		return 0, err
	}
	for {
		c.reading = true
		c.mu.Unlock()
		n, err := c.Conn.Read(p)
		at := time.Now()
		c.mu.Lock()
		c.reading = false
		woken := c.woken
		if woken {
			c.woken = false
			rearm(c.Conn)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				n, err = 0, errWoken
			}
		}
		if c.isCut {
			if c.chunks == nil {
				c.startPumpLocked() // to swallow what the far end still sends
			}
			c.mu.Unlock()
			return 0, unreachable("read")
		}
		if c.isClosed {
			if err == nil {
				continue
			}
			c.mu.Unlock()
			return 0, unreachable("read")
		}
		if err != nil && err != errWoken {
			c.readErr = err
		}
		latency := c.link.Latency()
		if latency > 0 && c.chunks == nil && err == nil {
			c.startPumpLocked()
		}
		c.mu.Unlock()
		if n > 0 && latency > 0 && !c.wait(at.Add(latency)) {
			return 0, unreachable("read")
		}
		if n > 0 {
			return n, nil
		}
		return n, err
	}
}

// Write writes at once on a link without latency (and nothing held
// back); otherwise it queues a copy that a writer sends when it is due.
func (c *linkConn) Write(p []byte) (int, error) {
	if c.direct != nil {
		return c.writeDirect(p)
	}
	if c.isDead() {
		return 0, unreachable("write")
	}
	d := c.link.Latency()
	c.mu.Lock()
	if d == 0 && c.queued == 0 {
		c.mu.Unlock()
		return c.Conn.Write(p)
	}
	c.queued++
	if c.out == nil {
		c.out, c.done = make(chan stamped, maxQueued), make(chan struct{})
		go c.writer()
	}
	c.mu.Unlock()
	select {
	case c.out <- stamped{append([]byte(nil), p...), time.Now().Add(d)}:
		return len(p), nil
	case <-c.gone:
		return 0, unreachable("write")
	}
}

// writer sends the held-back chunks in order, each when it is due; a
// chunk without bytes is the FIN of a Close, sent after the rest.
func (c *linkConn) writer() {
	defer close(c.done)
	for {
		select {
		case s := <-c.out:
			if !c.wait(s.due) {
				return
			}
			if s.b == nil {
				c.once.Do(func() { close(c.gone) })
				c.Conn.Close()
				return
			}
			_, err := c.Conn.Write(s.b)
			c.mu.Lock()
			c.queued--
			c.mu.Unlock()
			if err != nil {
				return
			}
		case <-c.gone:
			return
		}
	}
}

// Close sends a FIN while the link is up, after whatever is still
// travelling and one latency later, as a real FIN would; a cut connection is left to the
// pump, so the far end still learns nothing.
func (c *linkConn) Close() error {
	c.mu.Lock()
	wasCut := c.isCut
	already := c.isClosed
	c.isClosed = true
	// Over a conn of its own (no stamps: a real socket), the FIN goes
	// through the writer, after what it holds back and with the link's
	// latency. An in-memory conn delays its FIN by the links itself.
	delay := c.link.Latency()
	flush := !wasCut && !already && c.direct == nil && (c.queued > 0 || delay > 0)
	if flush && c.out == nil {
		c.out, c.done = make(chan stamped, maxQueued), make(chan struct{})
		go c.writer()
	}
	c.mu.Unlock()
	c.link.mu.Lock()
	delete(c.link.conns, c)
	c.link.mu.Unlock()
	if wasCut || already {
		return nil
	}
	if flush {
		select {
		case c.out <- stamped{due: time.Now().Add(delay)}:
			return nil
		case <-c.done: // the writer failed: nothing more gets through
		}
	}
	c.once.Do(func() { close(c.gone) })
	return c.Conn.Close()
}

// readDirect reads through a stamped conn.
func (c *linkConn) readDirect(p []byte) (int, error) {
	if c.isDead() {
		return 0, unreachable("read")
	}
	n, err := c.direct.Read(p)
	if c.isDead() || err == errSwallowed {
		return 0, unreachable("read")
	}
	return n, err
}

// writeDirect writes through a stamped conn.
func (c *linkConn) writeDirect(p []byte) (int, error) {
	if c.isDead() {
		return 0, unreachable("write")
	}
	n, err := c.direct.Write(p)
	if err != nil && c.isDead() {
		return n, unreachable("write")
	}
	return n, err
}

// addLink passes a link over this one down to the stamped conn.
func (c *linkConn) addLink(l *Link) { c.direct.addLink(l) }

// swallow cuts the conn underneath silently (a link over this one was cut).
func (c *linkConn) swallow() { c.direct.swallow() }
