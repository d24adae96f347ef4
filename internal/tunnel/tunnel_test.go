package tunnel

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// serve runs an HTTP/1 server (the routes) on the tunnel listener and an
// h2c server taking tunnels on a loopback port, and returns its base URL.
func serve(t *testing.T, routes http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tl := NewListener(ln.Addr(), 16)
	inner := &http.Server{Handler: routes}
	outer := &http.Server{Handler: tl}
	outer.Protocols = new(http.Protocols)
	outer.Protocols.SetUnencryptedHTTP2(true)
	outer.Protocols.SetHTTP1(true)
	done := make(chan struct{}, 2)
	go func() { inner.Serve(tl); done <- struct{}{} }()
	go func() { outer.Serve(ln); done <- struct{}{} }()
	t.Cleanup(func() {
		outer.Close()
		inner.Close()
		<-done
		<-done
	})
	return "http://" + ln.Addr().String()
}

// Many HTTP/1 exchanges, each on its own tunnel, share the dialer's
// HTTP/2 connections and come back whole.
func TestTunnelsCarryHTTP(t *testing.T) {
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	}))
	d := NewDialer(base, "")
	defer d.Close()
	var conns []net.Conn
	for i := range 50 {
		c, err := d.DialContext(t.Context(), "tcp", "anywhere:80")
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "GET /n%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	for i, c := range conns {
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("tunnel %d: %v", i, err)
		}
		var b strings.Builder
		_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
		resp.Body.Close()
		if want := fmt.Sprintf("hello /n%d", i); b.String() != want {
			t.Errorf("tunnel %d read %q, want %q", i, b.String(), want)
		}
		c.Close()
	}
}

// A plain HTTP/1 request to the tunnel route is refused with a reason.
func TestTunnelRefusesHTTP1(t *testing.T) {
	base := serve(t, http.NotFoundHandler())
	resp, err := http.Post(base+Path, "application/octet-stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("HTTP/1 POST answered %s, want 400", resp.Status)
	}
	http.DefaultClient.CloseIdleConnections()
}

// A connection hijacked off the HTTP/1 server (as a websocket upgrade
// does, interrupting the server's read with a deadline in the past)
// goes on carrying bytes both ways, and a read deadline interrupts only
// the read.
func TestTunnelSurvivesHijack(t *testing.T) {
	hijacked := make(chan net.Conn, 1)
	base := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		brw.Flush()
		hijacked <- c
	}))
	d := NewDialer(base, "")
	defer d.Close()
	c, err := d.DialContext(t.Context(), "tcp", "x:80")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	s := <-hijacked
	defer s.Close()
	if err := s.SetReadDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a read past its deadline: %v", err)
	}
	s.SetReadDeadline(time.Time{})
	fmt.Fprint(c, "ping")
	buf := make([]byte, 4)
	if _, err := io.ReadFull(s, buf); err != nil || string(buf) != "ping" {
		t.Fatalf("serve read %q, %v", buf, err)
	}
	fmt.Fprint(s, "pong")
	if _, err := io.ReadFull(br, buf); err != nil || string(buf) != "pong" {
		t.Fatalf("the dialer read %q, %v", buf, err)
	}
}
