package netsim_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
)

func TestMemoryHTTPAndWebsocketInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		ln, err := mem.Listen("tcp", "svc.sim:80")
		if err != nil {
			t.Fatal(err)
		}
		up := websocket.Upgrader{}
		mux := http.NewServeMux()
		mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hi") })
		mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
			c, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer c.Close()
			c.SetReadDeadline(time.Now().Add(400 * time.Second))
			_, _, err = c.ReadMessage()
			if err != nil {
				c.WriteMessage(websocket.TextMessage, []byte("timeout"))
			}
		})
		srv := &http.Server{Handler: mux}
		go srv.Serve(ln)
		defer srv.Close()

		client := netsim.HTTPClient(mem, 10*time.Second)
		resp, err := client.Get("http://svc.sim:80/hello")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "hi" {
			t.Fatalf("GET /hello = %q, want hi", body)
		}

		link := netsim.NewLink(mem)
		d := websocket.Dialer{NetDialContext: link.DialContext}
		start := time.Now()
		conn, _, err := d.DialContext(context.Background(), "ws://svc.sim:80/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		link.SetUp(false)
		if _, _, err := conn.ReadMessage(); !errors.Is(err, netsim.ErrUnreachable) {
			t.Fatalf("read after cut: %v, want unreachable", err)
		}
		conn.Close()
		// The server only notices by its 400 s read deadline.
		synctest.Wait()
		time.Sleep(401 * time.Second)
		synctest.Wait()
		if got := time.Since(start); got < 400*time.Second {
			t.Fatalf("virtual time advanced %v", got)
		}
		if _, err := link.DialContext(context.Background(), "tcp", "svc.sim:80"); !errors.Is(err, netsim.ErrUnreachable) {
			t.Fatalf("dial while down: %v", err)
		}
		client.CloseIdleConnections()
	})
}

func TestMemoryRefusesUnknownAddress(t *testing.T) {
	mem := netsim.NewMemory()
	defer mem.Close()
	if _, err := mem.DialContext(context.Background(), "tcp", "nobody:1"); !errors.Is(err, netsim.ErrRefused) {
		t.Fatalf("dial unknown = %v, want ErrRefused", err)
	}
}

func TestMemoryWriteWaitsWhenTheBufferIsFullAndCloseGivesEOF(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, srv, _ := linkPair(t, mem)
		big := make([]byte, 100<<10)
		wrote := make(chan error, 1)
		go func() {
			_, err := dev.Write(big)
			wrote <- err
		}()
		synctest.Wait()
		select {
		case err := <-wrote:
			t.Fatalf("a 100 KiB write into a 64 KiB buffer returned (%v) before anyone read", err)
		default:
		}
		got, err := io.ReadAll(io.LimitReader(srv, int64(len(big))))
		if err != nil || len(got) != len(big) {
			t.Fatalf("server read %d bytes, %v", len(got), err)
		}
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
		dev.Write([]byte("last"))
		dev.Close()
		rest, err := io.ReadAll(srv)
		if err != nil || string(rest) != "last" {
			t.Fatalf("after close the server read %q, %v; want the last bytes then EOF", rest, err)
		}
		if _, err := srv.Write([]byte("x")); err == nil {
			t.Error("a write towards a closed end succeeded")
		}
	})
}

func TestMemoryReadDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		dev, _, _ := linkPair(t, mem)
		start := time.Now()
		dev.SetReadDeadline(start.Add(3 * time.Second))
		_, err := dev.Read(make([]byte, 1))
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read past the deadline: %v, want a deadline error", err)
		}
		if got := time.Since(start); got != 3*time.Second {
			t.Errorf("the read failed after %v, want 3s", got)
		}
	})
}

func TestLinkOverMemoryStartsNoGoroutine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		ln, err := mem.Listen("tcp", "im.sim:80")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		base := runtime.NumGoroutine()
		accepted := make(chan net.Conn, 1)
		go func() {
			c, _ := ln.Accept()
			accepted <- c
		}()
		dev, err := netsim.NewLink(netsim.NewLink(mem)).DialContext(context.Background(), "tcp", "im.sim:80")
		if err != nil {
			t.Fatal(err)
		}
		srv := <-accepted
		synctest.Wait()
		if n := runtime.NumGoroutine() - base; n != 0 {
			t.Errorf("%d more goroutines with an open connection over two links, want none", n)
		}
		dev.Close()
		srv.Close()
	})
}

func TestMemoryDeadlineSetWhileReadingWakesTheReader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mem := netsim.NewMemory()
		defer mem.Close()
		_, srv, _ := linkPair(t, mem)
		failed := make(chan error, 1)
		go func() {
			_, err := srv.Read(make([]byte, 1))
			failed <- err
		}()
		synctest.Wait()
		srv.SetReadDeadline(time.Unix(1, 0)) // as net/http does on a hijack
		if err := <-failed; !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("blocked read after a past deadline: %v, want a deadline error", err)
		}
	})
}
