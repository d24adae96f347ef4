package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// pushService is the vendor's system push service on the phone (Flyme's
// push service on Meizu): it outlives the app, keeps one socket to the
// vendor's device channel, registers apps and receives notifications.
type pushService struct {
	d *Device

	mu      sync.Mutex
	conn    *jsonConn
	seq     uint64
	waiters map[uint64]chan protocol.RegisterStatus
	up      chan struct{} // closed while connected; replaced on loss
}

func newPushService(d *Device) *pushService {
	return &pushService{d: d, waiters: map[uint64]chan protocol.RegisterStatus{}, up: make(chan struct{})}
}

// connect opens the device channel if it is not open.
func (p *pushService) connect(ctx context.Context) error {
	p.mu.Lock()
	if p.conn != nil {
		p.mu.Unlock()
		return nil
	}
	p.mu.Unlock()
	path := protocol.DevicePath + "?device=" + url.QueryEscape(p.d.cfg.ID)
	c, err := dialJSON(ctx, p.d.vendorLink, p.d.cfg.VendorURL, path, frameHandlers{
		onFrame: p.onFrame,
		onClose: func(c *jsonConn, _ error) { p.onClosed(c) },
	})
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.conn = c
	close(p.up)
	p.mu.Unlock()
	return nil
}

func (p *pushService) connected() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.up
}

func (p *pushService) onClosed(c *jsonConn) {
	p.mu.Lock()
	if p.conn != c {
		p.mu.Unlock()
		return
	}
	p.conn = nil
	p.up = make(chan struct{})
	for seq, ch := range p.waiters {
		close(ch)
		delete(p.waiters, seq)
	}
	p.mu.Unlock()
	p.d.goOnDemand(func() { p.run(p.d.stop, true) })
}

func (p *pushService) onFrame(raw json.RawMessage) {
	var f protocol.DeviceFrame
	if err := protocol.ParseDeviceFrame(raw, &f); err != nil {
		return
	}
	switch f.Type {
	case protocol.DeviceRegisterStatus:
		p.mu.Lock()
		ch := p.waiters[f.Seq]
		delete(p.waiters, f.Seq)
		p.mu.Unlock()
		if ch != nil && f.Status != nil {
			ch <- *f.Status
		}
	case protocol.DeviceNotification:
		if f.Notification != nil {
			p.d.onNotice(*f.Notification)
			p.send(protocol.DeviceFrame{Type: protocol.DeviceAck, MsgID: f.Notification.MsgID, Token: f.Notification.Token})
		}
	}
}

// send writes a frame if connected; delivery receipts are best effort.
func (p *pushService) send(f protocol.DeviceFrame) error {
	p.mu.Lock()
	c := p.conn
	p.mu.Unlock()
	if c == nil {
		return errClosed
	}
	return c.sendFrame(&f)
}

// register registers the app and waits for the vendor's answer, waiting for
// the channel to come up first (bounded by ctx).
func (p *pushService) register(ctx context.Context, req protocol.RegisterRequest) (protocol.RegisterStatus, error) {
	select {
	case <-p.connected():
	case <-ctx.Done():
		return protocol.RegisterStatus{}, fmt.Errorf("register: push service not connected: %w", ctx.Err())
	}
	ch := make(chan protocol.RegisterStatus, 1)
	p.mu.Lock()
	p.seq++
	seq := p.seq
	p.waiters[seq] = ch
	c := p.conn
	p.mu.Unlock()
	if c == nil {
		return protocol.RegisterStatus{}, errClosed
	}
	if err := c.sendFrame(&protocol.DeviceFrame{Type: protocol.DeviceRegister, Seq: seq, Register: &req}); err != nil {
		return protocol.RegisterStatus{}, err
	}
	select {
	case st, ok := <-ch:
		if !ok {
			return protocol.RegisterStatus{}, errClosed
		}
		return st, nil
	case <-ctx.Done():
		p.mu.Lock()
		delete(p.waiters, seq)
		p.mu.Unlock()
		return protocol.RegisterStatus{}, fmt.Errorf("register: %w", ctx.Err())
	}
}

// run connects the channel while the device's network is up, with a
// capped backoff, and ends once it is connected or stop closes; the
// socket's loss starts it again (after a first wait when wait is true),
// so a connected phone costs no goroutine for it.
func (p *pushService) run(stop <-chan struct{}, wait bool) {
	backoff := time.Second
	for {
		if !wait && p.d.link.Up() && p.d.vendorLink.Up() {
			ctx, cancel := context.WithTimeout(context.Background(), p.d.cfg.Timeout)
			err := p.connect(ctx)
			cancel()
			if err == nil {
				return
			}
		}
		wait = false
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-p.d.netUp():
			t.Stop()
		case <-stop:
			t.Stop()
			p.close()
			return
		}
		if backoff < time.Minute {
			backoff *= 2
		}
	}
}

func (p *pushService) close() {
	p.mu.Lock()
	c := p.conn
	p.conn = nil
	p.mu.Unlock()
	if c != nil {
		c.abandon()
	}
}
