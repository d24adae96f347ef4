package netsim_test

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
)

// linkPair dials a server on mem through a new link and returns the
// device's end, the server's end and the link.
func linkPair(t *testing.T, mem *netsim.Memory) (net.Conn, net.Conn, *netsim.Link) {
	t.Helper()
	ln, err := mem.Listen("tcp", "im.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	link := netsim.NewLink(mem)
	dev, err := link.DialContext(context.Background(), "tcp", "im.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	srv := <-accepted
	t.Cleanup(func() { dev.Close(); srv.Close() })
	return dev, srv, link
}

func TestLinkLatencyEachWay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		link.SetLatency(150 * time.Millisecond)
		start := time.Now()
		go dev.Write([]byte("ping"))
		buf := make([]byte, 4)
		if _, err := io.ReadFull(srv, buf); err != nil || string(buf) != "ping" {
			t.Fatalf("server read %q, %v", buf, err)
		}
		if got := time.Since(start); got != 150*time.Millisecond {
			t.Errorf("ping took %v of simulated time, want 150ms", got)
		}
		go srv.Write([]byte("pong"))
		if _, err := io.ReadFull(dev, buf); err != nil || string(buf) != "pong" {
			t.Fatalf("device read %q, %v", buf, err)
		}
		if got := time.Since(start); got != 300*time.Millisecond {
			t.Errorf("round trip took %v of simulated time, want 300ms", got)
		}
	})
}

func TestLinkBurstKeepsOrderAndLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		link.SetLatency(time.Second)
		start := time.Now()
		for _, b := range []string{"a", "b", "c"} {
			if _, err := dev.Write([]byte(b)); err != nil {
				t.Fatal(err)
			}
		}
		buf := make([]byte, 3)
		if _, err := io.ReadFull(srv, buf); err != nil || string(buf) != "abc" {
			t.Fatalf("server read %q, %v", buf, err)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("burst arrived after %v, want 1s (one latency, not three)", got)
		}
	})
}

func TestLinkHardCutServerSeesItAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		start := time.Now()
		link.Cut(true)
		if _, err := srv.Read(make([]byte, 1)); err == nil {
			t.Fatal("server read data after a hard cut")
		}
		if got := time.Since(start); got != 0 {
			t.Errorf("server noticed the hard cut after %v, want at once", got)
		}
		if _, err := dev.Write([]byte("x")); !errors.Is(err, netsim.ErrUnreachable) {
			t.Errorf("device write after the cut = %v, want unreachable", err)
		}
		if link.Up() {
			t.Error("link up after a cut")
		}
	})
}

func TestLinkSilentCutServerNoticesOnlyByTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		start := time.Now()
		link.Cut(false)
		srv.SetReadDeadline(time.Now().Add(90 * time.Second))
		_, err := srv.Read(make([]byte, 1))
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("server read after a silent cut = %v, want its own timeout", err)
		}
		if got := time.Since(start); got != 90*time.Second {
			t.Errorf("server noticed after %v, want its 90s deadline", got)
		}
		if _, err := dev.Read(make([]byte, 1)); !errors.Is(err, netsim.ErrUnreachable) {
			t.Errorf("device read after the cut = %v, want unreachable", err)
		}
	})
}

func TestLinkOverLinkOverLoopback(t *testing.T) {
	lo := netsim.NewLoopback()
	defer lo.Close()
	ln, err := lo.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		io.Copy(c, c)
		c.Close()
	}()
	dev, err := netsim.NewLink(netsim.NewLink(lo)).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dev.Write([]byte("echo")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(dev, buf); err != nil || string(buf) != "echo" {
		t.Fatalf("read %q, %v", buf, err)
	}
	dev.Close()
	<-done
}

func TestLinkLatencySetWhileTheDeviceWaitsApplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		got := make(chan time.Duration, 1)
		start := time.Now()
		go func() {
			buf := make([]byte, 4)
			io.ReadFull(dev, buf)
			got <- time.Since(start)
		}()
		synctest.Wait() // the device waits in a read
		link.SetLatency(20 * time.Second)
		srv.Write([]byte("push"))
		if d := <-got; d != 20*time.Second {
			t.Errorf("the push arrived after %v, want the 20s latency set while the device waited", d)
		}
	})
}
