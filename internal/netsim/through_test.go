package netsim

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"testing"
	"time"
)

// tcpPair dials a loopback server through links (the last is the
// device's; each dials through the one before, the first through the
// loopback) and returns the device's end and the server's.
func tcpPair(t *testing.T, links ...*Link) (*linkConn, net.Conn) {
	t.Helper()
	lo := NewLoopback()
	t.Cleanup(func() { lo.Close() })
	ln, err := lo.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	dev, err := links[len(links)-1].DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	srv := <-accepted
	t.Cleanup(func() { dev.Close(); srv.Close() })
	return dev.(*linkConn), srv
}

// chain makes n links, each over the one before, the first over the loopback.
func chain(n int) []*Link {
	links := []*Link{NewLink(NewLoopback())}
	for len(links) < n {
		links = append(links, NewLink(links[len(links)-1]))
	}
	return links
}

// pumped reports whether c's reads go through its pump.
func (c *linkConn) pumped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.chunks != nil
}

// inRead waits until a Read of c is in the conn underneath.
func inRead(c *linkConn) {
	for {
		c.mu.Lock()
		r := c.reading
		c.mu.Unlock()
		if r {
			return
		}
		runtime.Gosched()
	}
}

// readAsync reads n bytes of c on a goroutine of its own.
func readAsync(c net.Conn, n int) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadFull(c, make([]byte, n))
		done <- err
	}()
	return done
}

// noEOF checks that the server's end sees neither data nor a FIN for a
// while: a silent cut.
func noEOF(t *testing.T, srv net.Conn) {
	t.Helper()
	srv.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := srv.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("server read %v, want its own timeout (no FIN)", err)
	}
	srv.SetReadDeadline(time.Time{})
}

func TestThroughReadsAndWrites(t *testing.T) {
	for _, n := range []int{1, 2} {
		links := chain(n)
		dev, srv := tcpPair(t, links...)
		for i := 0; i < 3; i++ {
			if _, err := srv.Write([]byte("push")); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 4)
			if _, err := io.ReadFull(dev, buf); err != nil || string(buf) != "push" {
				t.Fatalf("%d links: device read %q, %v", n, buf, err)
			}
			if _, err := dev.Write([]byte("ack")); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(srv, buf[:3]); err != nil || string(buf[:3]) != "ack" {
				t.Fatalf("%d links: server read %q, %v", n, buf[:3], err)
			}
		}
		if dev.pumped() {
			t.Errorf("%d links: a link without latency or cut pumps its reads", n)
		}
	}
}

// A cut wakes the device's Read at once, whichever link of the chain it
// cuts; a silent one tells the server nothing and swallows what it still
// sends, a hard one sends a FIN.
func TestThroughCutWakesTheRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		links int
		cut   int // which link
		hard  bool
	}{
		{"silent", 1, 0, false}, {"hard", 1, 0, true},
		{"silent outer", 2, 1, false}, {"hard outer", 2, 1, true},
		{"silent inner", 2, 0, false}, {"hard inner", 2, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			links := chain(tc.links)
			dev, srv := tcpPair(t, links...)
			done := readAsync(dev, 1)
			inRead(dev)
			links[tc.cut].Cut(tc.hard)
			if err := <-done; !errors.Is(err, ErrUnreachable) {
				t.Fatalf("device read %v, want unreachable", err)
			}
			if _, err := dev.Write([]byte("x")); err == nil {
				t.Error("device wrote after the cut")
			}
			if tc.hard {
				if _, err := srv.Read(make([]byte, 1)); err != io.EOF {
					t.Errorf("server read %v after a hard cut, want EOF", err)
				}
				return
			}
			noEOF(t, srv)
			// What the server still sends is swallowed, more than any
			// socket buffer holds.
			srv.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := srv.Write(make([]byte, 8<<20)); err != nil {
				t.Errorf("server write after a silent cut: %v", err)
			}
		})
	}
}

// A silent cut with no Read under way swallows too.
func TestThroughCutWithoutReaderSwallows(t *testing.T) {
	links := chain(2)
	dev, srv := tcpPair(t, links...)
	links[1].Cut(false)
	if !dev.pumped() {
		t.Fatal("a cut link does not pump")
	}
	srv.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := srv.Write(make([]byte, 8<<20)); err != nil {
		t.Errorf("server write after a silent cut: %v", err)
	}
	noEOF(t, srv)
	if _, err := dev.Read(make([]byte, 1)); !errors.Is(err, ErrUnreachable) {
		t.Errorf("device read %v, want unreachable", err)
	}
}

// Closing the device's end wakes its Read and sends a FIN.
func TestThroughCloseWakesTheRead(t *testing.T) {
	dev, srv := tcpPair(t, chain(2)...)
	done := readAsync(dev, 1)
	inRead(dev)
	dev.Close()
	if err := <-done; err == nil {
		t.Fatal("device read succeeded after Close")
	}
	if _, err := srv.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("server read %v, want EOF", err)
	}
}

// The far end's FIN reaches the device as EOF, again on every Read.
func TestThroughEOF(t *testing.T) {
	dev, srv := tcpPair(t, chain(2)...)
	srv.Close()
	for i := 0; i < 2; i++ {
		if _, err := dev.Read(make([]byte, 1)); err != io.EOF {
			t.Fatalf("device read %d: %v, want EOF", i, err)
		}
	}
}

// Latency set while the device waits in a Read applies to what that Read
// gets, and from then on the pump stamps each chunk as it arrives, so
// chunks in flight together take one latency, not one each: b, written
// lat/2 after a, arrives about lat/2 after it (a latency each would put
// it a whole lat after a). The checks compare a's and b's arrivals, so a
// delay that holds up both does not fail the test.
func TestThroughLatencyLaterPumps(t *testing.T) {
	const lat = time.Second
	links := chain(2)
	dev, srv := tcpPair(t, links...)
	got := make(chan time.Time, 2)
	go func() {
		buf := make([]byte, 1)
		for range 2 {
			if _, err := io.ReadFull(dev, buf); err != nil {
				return
			}
			got <- time.Now()
		}
	}()
	arrival := func(name string) time.Time {
		t.Helper()
		select {
		case at := <-got:
			return at
		case <-time.After(30 * time.Second):
			t.Fatalf("%s never arrived", name)
			return time.Time{}
		}
	}
	inRead(dev)
	links[1].SetLatency(lat)
	start := time.Now()
	srv.Write([]byte("a"))
	<-time.After(lat / 2)
	srv.Write([]byte("b"))
	a := arrival("a")
	b := arrival("b")
	if d := a.Sub(start); d < lat {
		t.Errorf("a arrived after %v, want the %v latency", d, lat)
	}
	if d := b.Sub(start); d < lat*3/2 {
		t.Errorf("b, sent %v after a, arrived after %v; want at least %v", lat/2, d, lat*3/2)
	}
	if d := b.Sub(a); d >= lat*9/10 {
		t.Errorf("b arrived %v after a; want about %v (one latency for the chunks in flight, not one each)", d, lat/2)
	}
	if !dev.pumped() {
		t.Error("a link with latency does not pump")
	}
	// The FIN of a Close goes a latency later: let it go before the test
	// ends, so no writer outlives it.
	dev.Close()
	dev.mu.Lock()
	done := dev.done
	dev.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("the FIN was never sent")
		}
	}
}
