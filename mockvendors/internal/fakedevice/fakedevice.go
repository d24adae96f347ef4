// Package fakedevice is a minimal phone-side client of a mock vendor's
// device channel, for the vendor mocks' own tests: it dials, sends frames
// and collects what the vendor sends, without any of the simulator's
// behaviour.
package fakedevice

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/wsbuf"
	"github.com/pushsim/pushsim/protocol"
)

// Device is one open device channel.
type Device struct {
	ws      *websocket.Conn
	writeMu sync.Mutex
	done    chan struct{}
	// arrived is signalled (without blocking) after each frame is kept.
	arrived chan struct{}

	mu     sync.Mutex
	frames []protocol.DeviceFrame
	seq    uint64
}

// Dial opens the device channel at baseURL+protocol.DevicePath through d;
// a non-empty deviceID names the device in the query.
func Dial(ctx context.Context, d netsim.Dialer, baseURL, deviceID string) (*Device, error) {
	u := strings.Replace(baseURL, "http://", "ws://", 1) + protocol.DevicePath
	if deviceID != "" {
		u += "?device=" + deviceID
	}
	dialer := wsbuf.Dialer()
	dialer.NetDialContext = d.DialContext
	ws, resp, err := dialer.DialContext(ctx, u, http.Header{})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", u, err)
	}
	dev := &Device{ws: ws, done: make(chan struct{}), arrived: make(chan struct{}, 1)}
	go dev.read()
	return dev, nil
}

func (d *Device) read() {
	defer close(d.done)
	for {
		_, data, err := d.ws.ReadMessage()
		if err != nil {
			d.ws.Close()
			return
		}
		var f protocol.DeviceFrame
		if json.Unmarshal(data, &f) == nil {
			d.mu.Lock()
			d.frames = append(d.frames, f)
			d.mu.Unlock()
			select {
			case d.arrived <- struct{}{}:
			default:
			}
		}
	}
}

// Send writes one frame.
func (d *Device) Send(f protocol.DeviceFrame) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return d.SendRaw(data)
}

// SendRaw writes data as one text frame, whatever it holds.
func (d *Device) SendRaw(data []byte) error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	return d.ws.WriteMessage(websocket.TextMessage, data)
}

// Register sends a register frame and returns its sequence number.
func (d *Device) Register(req protocol.RegisterRequest) (uint64, error) {
	d.mu.Lock()
	d.seq++
	seq := d.seq
	d.mu.Unlock()
	return seq, d.Send(protocol.DeviceFrame{Type: protocol.DeviceRegister, Seq: seq, Register: &req})
}

// Frames returns and forgets what arrived so far.
func (d *Device) Frames() []protocol.DeviceFrame {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.frames
	d.frames = nil
	return out
}

// Status returns (and forgets) the register_status answering seq.
func (d *Device) Status(seq uint64) (protocol.RegisterStatus, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, f := range d.frames {
		if f.Type == protocol.DeviceRegisterStatus && f.Seq == seq && f.Status != nil {
			d.frames = append(d.frames[:i], d.frames[i+1:]...)
			return *f.Status, true
		}
	}
	return protocol.RegisterStatus{}, false
}

// WaitStatus waits, in real time, for the register_status answering seq
// (and forgets it); it fails when ctx ends or the socket closes first.
func (d *Device) WaitStatus(ctx context.Context, seq uint64) (protocol.RegisterStatus, error) {
	for {
		if st, ok := d.Status(seq); ok {
			return st, nil
		}
		select {
		case <-d.arrived:
		case <-d.done:
			if st, ok := d.Status(seq); ok {
				return st, nil
			}
			return protocol.RegisterStatus{}, fmt.Errorf("device channel closed before register_status %d", seq)
		case <-ctx.Done():
			return protocol.RegisterStatus{}, fmt.Errorf("register_status %d: %w", seq, ctx.Err())
		}
	}
}

// Notices returns (and forgets) the notifications that arrived.
func (d *Device) Notices() []protocol.DeviceNotice {
	var out []protocol.DeviceNotice
	d.mu.Lock()
	defer d.mu.Unlock()
	kept := d.frames[:0]
	for _, f := range d.frames {
		if f.Type == protocol.DeviceNotification && f.Notification != nil {
			out = append(out, *f.Notification)
		} else {
			kept = append(kept, f)
		}
	}
	d.frames = kept
	return out
}

// Close closes the socket and waits for the reader.
func (d *Device) Close() {
	d.ws.Close()
	<-d.done
}

// Closed is closed once the socket is gone.
func (d *Device) Closed() <-chan struct{} { return d.done }
