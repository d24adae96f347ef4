package netsim

import (
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// pipeCapacity bounds the bytes one direction of an in-memory connection
// holds for its reader; a writer beyond it waits for the reader.
const pipeCapacity = 64 << 10

// errSwallowed is what a reader of a silently cut end gets; a Link turns
// it into ErrUnreachable.
var errSwallowed = &net.OpError{Op: "read", Net: "mem", Err: ErrUnreachable}

// chunk is what one write put into a direction, with the moment it was
// written and how long it travels.
type chunk struct {
	b     []byte
	at    time.Time
	delay time.Duration
}

// halfPipe is one direction of an in-memory connection: a bounded queue
// of chunks. A writer hands its bytes straight to it; no goroutine moves
// them. Waiting is on channels only, so waiters are durably blocked in a
// synctest bubble.
type halfPipe struct {
	mu        sync.Mutex
	chunks    []chunk
	head      int // bytes of chunks[0] already read
	bytes     int
	eof       bool          // the writer closed: EOF once drained
	eofAt     time.Time     // and its FIN arrives then
	gone      bool          // the reader closed: writes fail
	swallow   bool          // silently cut: writes vanish, reads fail
	readWait  chan struct{} // closed when something changes for a reader
	writeWait chan struct{} // closed when space frees or the reader goes
}

// wakeLocked wakes every waiter.
func (h *halfPipe) wakeLocked() {
	if h.readWait != nil {
		close(h.readWait)
		h.readWait = nil
	}
	if h.writeWait != nil {
		close(h.writeWait)
		h.writeWait = nil
	}
}

func (h *halfPipe) readWaitLocked() chan struct{} {
	if h.readWait == nil {
		h.readWait = make(chan struct{})
	}
	return h.readWait
}

func (h *halfPipe) writeWaitLocked() chan struct{} {
	if h.writeWait == nil {
		h.writeWait = make(chan struct{})
	}
	return h.writeWait
}

// dropLocked forgets every queued chunk.
func (h *halfPipe) dropLocked() {
	clear(h.chunks)
	h.chunks, h.head, h.bytes = h.chunks[:0], 0, 0
}

// pipeDeadline is a read or write deadline. Until someone waits on it,
// it is only a moment that reads and writes compare with the clock: a
// socket sets its write deadline before every write, and a write that
// never has to wait then costs no timer (which would fire, on a goroutine
// of its own, long after the write). From the first wait on, a timer
// closes a channel when the moment passes, so a deadline set while
// someone waits wakes them.
type pipeDeadline struct {
	mu     sync.Mutex
	at     time.Time     // the deadline; zero is none
	timer  *time.Timer   // closes cancel at at; only once someone waited
	cancel chan struct{} // closed when the deadline passes; nil until a wait
}

func (d *pipeDeadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.at = t
	if d.cancel == nil {
		return // nobody waits: exceeded compares at with the clock
	}
	pending := d.timer != nil && d.timer.Stop() // cancel is open and the timer reusable
	if d.timer != nil && !pending {
		<-d.cancel // the timer fired: wait for it to close cancel
		d.timer = nil
	}
	if isClosed(d.cancel) {
		d.cancel = make(chan struct{})
	}
	d.armLocked(pending)
}

// armLocked makes cancel close when at passes: at once if it has, by the
// timer otherwise (reset when pending says it is stopped and reusable).
// d.mu must be held and cancel open.
func (d *pipeDeadline) armLocked(pending bool) {
	if d.at.IsZero() {
		d.timer = nil
		return
	}
	if dur := time.Until(d.at); dur > 0 {
		if pending {
			d.timer.Reset(dur) // a socket extends its deadline on every frame
			return
		}
		c := d.cancel
		d.timer = time.AfterFunc(dur, func() { close(c) })
		return
	}
	d.timer = nil
	close(d.cancel)
}

// wait is a channel closed once the deadline passes.
func (d *pipeDeadline) wait() chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel == nil {
		d.cancel = make(chan struct{})
		d.armLocked(false)
	}
	return d.cancel
}

// exceeded reports whether the deadline has passed.
func (d *pipeDeadline) exceeded() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		return isClosed(d.cancel)
	}
	return !d.at.IsZero() && !time.Now().Before(d.at)
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// pipeConn is one end of an in-memory connection: it reads one halfPipe
// and writes the other.
type pipeConn struct {
	rd, wr        *halfPipe
	local, remote net.Addr
	rdl, wdl      pipeDeadline
	closeOnce     sync.Once
	onClose       func()
	closed        chan struct{}
	// links are the Links this end was dialed through, innermost first:
	// what it writes and reads travels their latencies. Set before use.
	links []*Link
}

// newPipe returns the two ends of a connection; onClose runs once, when
// the first of them closes.
func newPipe(a, b net.Addr, onClose func()) (*pipeConn, *pipeConn) {
	ab, ba := &halfPipe{}, &halfPipe{}
	var once sync.Once
	closeFn := func() {
		if onClose != nil {
			once.Do(onClose)
		}
	}
	ca := &pipeConn{rd: ba, wr: ab, local: a, remote: b, onClose: closeFn, closed: make(chan struct{})}
	cb := &pipeConn{rd: ab, wr: ba, local: b, remote: a, onClose: closeFn, closed: make(chan struct{})}
	return ca, cb
}

// addLink is stampedConn's: l's latency applies both ways from now on.
func (c *pipeConn) addLink(l *Link) { c.links = append(c.links, l) }

// linkDelay is the latency of the links this end was dialed through, as
// they are now.
func (c *pipeConn) linkDelay() time.Duration {
	var d time.Duration
	for _, l := range c.links {
		d += l.Latency()
	}
	return d
}

// Read reads what arrived, each chunk as late as the links' latency at
// the moment it is read says.
func (c *pipeConn) Read(p []byte) (int, error) {
	h := c.rd
	for {
		h.mu.Lock()
		switch {
		case isClosed(c.closed):
			h.mu.Unlock()
			return 0, io.ErrClosedPipe
		case h.swallow:
			h.mu.Unlock()
			return 0, errSwallowed
		case c.rdl.exceeded():
			h.mu.Unlock()
			return 0, os.ErrDeadlineExceeded
		}
		var due <-chan time.Time
		var timer *time.Timer
		if len(h.chunks) > 0 {
			ch := &h.chunks[0]
			wait := ch.delay
			if len(c.links) > 0 {
				wait += c.linkDelay()
			}
			if wait > 0 {
				wait = time.Until(ch.at.Add(wait))
			}
			if wait <= 0 {
				n := copy(p, ch.b[h.head:])
				h.head += n
				h.bytes -= n
				if h.head == len(ch.b) {
					ch.b = nil
					h.chunks = h.chunks[1:]
					h.head = 0
					if len(h.chunks) == 0 {
						h.chunks = nil
					}
				}
				if h.writeWait != nil {
					close(h.writeWait)
					h.writeWait = nil
				}
				h.mu.Unlock()
				return n, nil
			}
			timer = time.NewTimer(wait)
			due = timer.C
		} else if h.eof {
			wait := time.Until(h.eofAt)
			if len(c.links) > 0 {
				wait += c.linkDelay()
			}
			if wait <= 0 {
				h.mu.Unlock()
				return 0, io.EOF
			}
			timer = time.NewTimer(wait)
			due = timer.C
		}
		w := h.readWaitLocked()
		h.mu.Unlock()
		select {
		case <-w:
		case <-due:
		case <-c.closed:
		case <-c.rdl.wait():
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// Write queues p for the far end, to arrive after the links' latency.
func (c *pipeConn) Write(p []byte) (int, error) {
	h := c.wr
	var delay time.Duration
	if len(c.links) > 0 {
		delay = c.linkDelay()
	}
	at := time.Now()
	written := 0
	for {
		h.mu.Lock()
		switch {
		case isClosed(c.closed):
			h.mu.Unlock()
			return written, io.ErrClosedPipe
		case h.gone:
			h.mu.Unlock()
			return written, io.ErrClosedPipe
		case h.swallow:
			h.mu.Unlock()
			return len(p), nil
		case c.wdl.exceeded():
			h.mu.Unlock()
			return written, os.ErrDeadlineExceeded
		}
		if space := pipeCapacity - h.bytes; space > 0 {
			n := min(space, len(p)-written)
			b := append([]byte(nil), p[written:written+n]...)
			h.chunks = append(h.chunks, chunk{b: b, at: at, delay: delay})
			h.bytes += n
			written += n
			if h.readWait != nil {
				close(h.readWait)
				h.readWait = nil
			}
			if written == len(p) {
				h.mu.Unlock()
				return written, nil
			}
		}
		w := h.writeWaitLocked()
		h.mu.Unlock()
		select {
		case <-w:
		case <-c.closed:
		case <-c.wdl.wait():
		}
	}
}

// swallow cuts this end silently: whatever arrives from now on vanishes,
// what this end wrote and has not yet arrived is lost, and its reader
// fails. The far end learns nothing.
func (c *pipeConn) swallow() {
	for _, h := range []*halfPipe{c.rd, c.wr} {
		h.mu.Lock()
		if h == c.rd {
			h.swallow = true
			h.dropLocked()
		} else {
			h.dropUndueLocked()
		}
		h.wakeLocked()
		h.mu.Unlock()
	}
}

// dropUndueLocked forgets the chunks still travelling.
func (h *halfPipe) dropUndueLocked() {
	now := time.Now()
	for i, ch := range h.chunks {
		if ch.delay > 0 && ch.at.Add(ch.delay).After(now) {
			for _, gone := range h.chunks[i:] {
				h.bytes -= len(gone.b)
			}
			if i == 0 {
				h.bytes += h.head
				h.head = 0
			}
			clear(h.chunks[i:])
			h.chunks = h.chunks[:i]
			return
		}
	}
}

// Close closes this end: the far end reads EOF once it drained what was
// written, and its writes fail.
func (c *pipeConn) Close() error {
	first := false
	c.closeOnce.Do(func() {
		first = true
		close(c.closed)
		c.wr.mu.Lock()
		c.wr.eof = true
		c.wr.eofAt = time.Now()
		if len(c.links) > 0 {
			c.wr.eofAt = c.wr.eofAt.Add(c.linkDelay())
		}
		c.wr.wakeLocked()
		c.wr.mu.Unlock()
		c.rd.mu.Lock()
		c.rd.gone = true
		c.rd.dropLocked()
		c.rd.wakeLocked()
		c.rd.mu.Unlock()
	})
	if !first {
		return io.ErrClosedPipe
	}
	c.onClose()
	return nil
}

func (c *pipeConn) LocalAddr() net.Addr  { return c.local }
func (c *pipeConn) RemoteAddr() net.Addr { return c.remote }

func (c *pipeConn) SetDeadline(t time.Time) error {
	if isClosed(c.closed) {
		return io.ErrClosedPipe
	}
	c.rdl.set(t)
	c.wdl.set(t)
	return nil
}

func (c *pipeConn) SetReadDeadline(t time.Time) error {
	if isClosed(c.closed) {
		return io.ErrClosedPipe
	}
	c.rdl.set(t)
	return nil
}

func (c *pipeConn) SetWriteDeadline(t time.Time) error {
	if isClosed(c.closed) {
		return io.ErrClosedPipe
	}
	c.wdl.set(t)
	return nil
}
