package simulator

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/wsbuf"
)

// readMessage reads what ReadMessage would: messages of any size, in
// frames of any number, empty ones too, and then the close.
func TestReadMessage(t *testing.T) {
	lo := netsim.NewLoopback()
	defer lo.Close()
	ln, err := lo.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{0, 1, 511, 512, 513, 4096, 100 << 10, 3}
	up := wsbuf.Upgrader(func(*http.Request) bool { return true })
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		for _, n := range sizes {
			ws.WriteMessage(websocket.TextMessage, message(n))
		}
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"))
		ws.ReadMessage() // until the client closes
	})}
	go srv.Serve(ln)
	defer srv.Close()
	d := wsbuf.Dialer()
	d.NetDialContext = lo.DialContext
	ws, resp, err := d.DialContext(context.Background(), "ws://"+ln.Addr().String()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	defer ws.Close()
	for _, n := range sizes {
		got, err := readMessage(ws)
		if err != nil || !bytes.Equal(got, message(n)) || got == nil {
			t.Fatalf("message of %d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	if _, err := readMessage(ws); !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Errorf("read after the close frame: %v, want the close", err)
	}
}

func message(n int) []byte { return []byte(strings.Repeat("0123456789", n/10+1)[:n]) }
