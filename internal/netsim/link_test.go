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
	return linkPairVia(t, mem, mem)
}

// linkPairVia is linkPair with the link dialing through d.
func linkPairVia(t *testing.T, mem *netsim.Memory, d netsim.Dialer) (net.Conn, net.Conn, *netsim.Link) {
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
	link := netsim.NewLink(d)
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

// plainDialer dials in-memory connections that carry no stamps (as a
// real socket would not), so a link over them holds bytes back itself.
type plainDialer struct{ mem *netsim.Memory }

func (d plainDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	c, err := d.mem.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	return struct{ net.Conn }{c}, nil
}

// A device that writes and closes at once over a slow link: the far end
// gets every byte, then the FIN, each one latency later; on a link over
// the in-memory network and over a plain connection alike.
func TestLinkCloseDeliversWhatIsTravellingThenFIN(t *testing.T) {
	for _, plain := range []bool{false, true} {
		name := map[bool]string{false: "in-memory", true: "plain"}[plain]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mem := netsim.NewMemory()
				defer mem.Close()
				var d netsim.Dialer = mem
				if plain {
					d = plainDialer{mem}
				}
				dev, srv, link := linkPairVia(t, mem, d)
				link.SetLatency(time.Second)
				start := time.Now()
				if _, err := dev.Write([]byte("bye")); err != nil {
					t.Fatal(err)
				}
				if err := dev.Close(); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(srv)
				if err != nil || string(got) != "bye" {
					t.Fatalf("server read %q, %v; want the bytes written before Close, then EOF", got, err)
				}
				if took := time.Since(start); took != time.Second {
					t.Errorf("the bytes and the FIN arrived after %v, want the link's 1s", took)
				}
			})
		})
	}
}

// A FIN alone travels the link's latency too.
func TestLinkFINTakesTheLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, link := linkPair(t, mem)
		link.SetLatency(3 * time.Second)
		start := time.Now()
		dev.Close()
		if _, err := srv.Read(make([]byte, 1)); err != io.EOF {
			t.Fatalf("server read %v, want EOF", err)
		}
		if took := time.Since(start); took != 3*time.Second {
			t.Errorf("the FIN arrived after %v, want 3s", took)
		}
	})
}
