package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/wsbuf"
	"github.com/pushsim/pushsim/protocol"
)

// errClosed is returned by requests on a connection that went away.
var errClosed = errors.New("connection closed")

// jsonConn is a websocket carrying JSON text frames with one reader
// goroutine and serialized writes.
type jsonConn struct {
	ws      *websocket.Conn
	writeMu sync.Mutex
	frame   []byte        // sendFrame's encoding buffer; under writeMu
	done    chan struct{} // closed when the reader stops
	err     error         // why the reader stopped; read after done
}

// frameHandlers are what a jsonConn's reader calls.
type frameHandlers struct {
	// onFrame handles a frame on a goroutine of its own (handleOnOwnStack).
	onFrame func(json.RawMessage)
	// shallow, when set, is tried first on the reader's own stack: it
	// handles the small fixed-shape frames that need no deep stack and
	// reports whether it did; the others go to onFrame.
	shallow func([]byte) bool
	// onClose runs once the reader stops; it must not block.
	onClose func(*jsonConn, error)
}

// dialJSON opens a websocket to base+path through d and starts a reader
// that hands every frame to h.
func dialJSON(ctx context.Context, d netsim.Dialer, base, path string, h frameHandlers) (*jsonConn, error) {
	u := strings.Replace(strings.Replace(base, "https://", "wss://", 1), "http://", "ws://", 1) + path
	dialer := wsbuf.Dialer()
	dialer.NetDialContext = d.DialContext
	ws, resp, err := dialer.DialContext(ctx, u, http.Header{})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", u, err)
	}
	c := &jsonConn{ws: ws, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for {
			data, err := readMessage(ws)
			if err != nil {
				c.err = err
				ws.Close()
				if h.onClose != nil {
					h.onClose(c, err)
				}
				return
			}
			if h.shallow != nil && h.shallow(data) {
				continue
			}
			handleOnOwnStack(func() { h.onFrame(json.RawMessage(data)) })
		}
	}()
	return c, nil
}

// scratch holds the buffers readMessage reads into.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// maxScratch bounds a buffer scratch keeps.
const maxScratch = 64 << 10

// readMessage is ws.ReadMessage's data and error, read into a pooled
// buffer and copied out at its size: one allocation of the message's size
// instead of io.ReadAll's 512 bytes and more, and no more kept by what
// holds on to it (a notification's payload).
func readMessage(ws *websocket.Conn) ([]byte, error) {
	_, r, err := ws.NextReader()
	if err != nil {
		return nil, err
	}
	bp := scratch.Get().(*[]byte)
	b := (*bp)[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	data := bytes.Clone(b)
	if cap(b) <= maxScratch {
		*bp = b
		scratch.Put(bp)
	}
	return data, nil
}

// handleOnOwnStack runs f on a goroutine of its own and waits for it, so
// the stack f grows (JSON, rendering, tracing) is freed with it instead of
// staying with the idle reader for as long as the socket lives.
func handleOnOwnStack(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

// send writes v as one JSON text frame.
func (c *jsonConn) send(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.sendJSON(data)
}

// maxFrameBuffer bounds the encoding buffer a connection keeps between
// frames; a larger frame's buffer is dropped after it is sent.
const maxFrameBuffer = 1 << 10

// sendFrame writes a device channel frame as one JSON text frame, encoded
// by hand into the connection's buffer.
func (c *jsonConn) sendFrame(f *protocol.DeviceFrame) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	data, err := protocol.AppendDeviceFrame(c.frame[:0], f)
	if err != nil {
		return err
	}
	if cap(data) <= maxFrameBuffer {
		c.frame = data
	}
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// sendJSON writes data, which is JSON already, as one text frame.
func (c *jsonConn) sendJSON(data []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	return c.ws.WriteMessage(websocket.TextMessage, data)
}

// close sends a close frame (best effort), closes the socket and waits for
// the reader to stop.
func (c *jsonConn) close() {
	c.writeMu.Lock()
	_ = c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	c.writeMu.Unlock()
	c.ws.Close()
	<-c.done
}

// abandon closes the socket without a close frame and waits for the reader.
func (c *jsonConn) abandon() {
	c.ws.Close()
	<-c.done
}
