package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/benchrow"
)

// The frames of the floor: a notification the size of a load's and the
// ack a phone sends back.
var (
	floorFrame = []byte(`{"type":"notification","msg_id":"0123456789abcdef0123456789abcdef","token":"tok-0123456789abcdef0123456789abcdef","notification":{"title":"load","content":"message 123456","package":"com.example.chat","payload":"{}"}}`)
	floorAck   = []byte(`{"type":"ack","msg_id":"0123456789abcdef0123456789abcdef","token":"tok-0123456789abcdef0123456789abcdef"}`)
)

// floorWindow is how many frames a connection may have unacked, on
// average over all of them.
const floorWindow = 4

// wsFloor measures the floor under the end-to-end rate: websocket frames
// and their acks between this process and a child one over loopback, one
// connection per phone and nothing else done per frame, as many as the
// two processes exchange in duration. A notification of pushsim load
// costs at least this exchange (the vendor channel's frame and the
// phone's ack), and a REST call, the IM, the vendor mock and the traces
// besides.
func wsFloor(conns int, duration time.Duration) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	var acks atomic.Int64
	// window holds a token for each frame sent and not yet acked: a
	// writer takes one before it sends, the ack gives it back.
	window := make(chan struct{}, floorWindow*conns)
	accepted := make(chan *websocket.Conn, conns)
	up := websocket.Upgrader{}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		accepted <- c
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				acks.Add(1)
				<-window
			}
		}()
	}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), duration+2*time.Minute)
	defer cancel()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.CommandContext(ctx, self, "wsfloor-phones", ln.Addr().String(), strconv.Itoa(conns))
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		return err
	}
	defer func() {
		_ = child.Process.Kill()
		_ = child.Wait()
	}()
	all := make([]*websocket.Conn, 0, conns)
	for len(all) < conns {
		select {
		case c := <-accepted:
			all = append(all, c)
		case <-ctx.Done():
			return fmt.Errorf("wsfloor: %d of %d phones connected", len(all), conns)
		}
	}
	start := time.Now()
	sending, stopSending := context.WithTimeout(ctx, duration)
	defer stopSending()
	var wg sync.WaitGroup
	for _, c := range all {
		wg.Go(func() {
			for {
				select {
				case <-sending.Done():
					return
				case window <- struct{}{}:
				}
				if err := c.WriteMessage(websocket.TextMessage, floorFrame); err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	n, wall := acks.Load(), time.Since(start)
	if n == 0 {
		return errors.New("wsfloor: no frame was acked")
	}
	return benchrow.Add(benchrow.Row{
		What:  "websocket frame + ack floor (loopback)",
		Value: fmt.Sprintf("%.0f/s", float64(n)/wall.Seconds()),
		Note: fmt.Sprintf("%d connections between two processes, %d-byte frames and %d-byte acks and nothing else, %d acked in %s: what the end-to-end rate cannot pass",
			conns, len(floorFrame), len(floorAck), n, wall.Round(time.Millisecond)),
	})
}

// wsFloorPhones is the child of wsFloor: conns connections to addr that
// answer every frame with an ack, until the parent goes.
func wsFloorPhones(addr string, conns int) error {
	var wg sync.WaitGroup
	for range conns {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/", nil)
		if err != nil {
			return err
		}
		wg.Go(func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
				if err := c.WriteMessage(websocket.TextMessage, floorAck); err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return nil
}
