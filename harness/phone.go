package harness

import (
	"context"
	"fmt"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
)

// Phone is a handle on one simulated device of an environment. Every
// action waits for what it sets off to settle (in virtual time).
type Phone struct {
	env *Env
	dev *simulator.Device
}

// Phone returns the device with the ID; it panics on an unknown ID, which
// is a mistake in the spec, not in the system under test. LookupPhone is
// the form for IDs that come from outside.
func (e *Env) Phone(id string) *Phone {
	p, ok := e.LookupPhone(id)
	if !ok {
		panic(fmt.Sprintf("harness: no device %q (have %v)", id, e.DeviceIDs()))
	}
	return p
}

// LookupPhone returns the device with the ID, if the environment has it.
func (e *Env) LookupPhone(id string) (*Phone, bool) {
	d, ok := e.device(id)
	if !ok {
		return nil, false
	}
	return &Phone{env: e, dev: d}, true
}

// ID is the device ID.
func (p *Phone) ID() string { return p.dev.ID() }

// String names the phone in matcher messages.
func (p *Phone) String() string { return "device " + p.dev.ID() }

// Device is the underlying simulated device.
func (p *Phone) Device() *simulator.Device { return p.dev }

// Env is the phone's environment.
func (p *Phone) Env() *Env { return p.env }

func (p *Phone) do(f func(ctx context.Context) error) error {
	ctx, cancel := p.env.actionContext()
	defer cancel()
	err := f(ctx)
	p.env.Settle()
	return err
}

// Launch starts the app (vendor registration in Application.onCreate).
func (p *Phone) Launch() error { return p.do(p.dev.Launch) }

// Login logs in to IM and reports the push token.
func (p *Phone) Login() error { return p.do(p.dev.Login) }

// Logout logs out of IM.
func (p *Phone) Logout() error { return p.do(p.dev.Logout) }

// Kill kills the app process and waits until the IM server has seen the
// socket close.
func (p *Phone) Kill() error {
	wasOnline := p.imConnected()
	if err := p.do(p.dev.Kill); err != nil || !wasOnline {
		return err
	}
	return p.env.waitUntil("IM server sees "+p.ID()+" killed", func() bool { return !p.imConnected() })
}

// imConnected reports whether the IM server holds a live socket for the device.
func (p *Phone) imConnected() bool {
	state, _ := p.IMState()
	return state == "Online" || state == "Background"
}

// Background sends the app to the background (doBackground).
func (p *Phone) Background() error { return p.do(p.dev.Background) }

// Foreground brings the app back (doForeground).
func (p *Phone) Foreground() error { return p.do(p.dev.Foreground) }

// Uninstall removes the app and waits until the vendor has dropped its token.
func (p *Phone) Uninstall() error {
	token := p.dev.State().Token
	if err := p.do(p.dev.Uninstall); err != nil || token == "" {
		return err
	}
	v, ok := p.env.vendors[p.dev.Config().Brand.Vendor()]
	if !ok {
		return nil
	}
	return p.env.waitUntil("vendor forgets the token of "+p.ID(), func() bool { return !v.Hub().Known(token) })
}

// Reinstall installs the app again.
func (p *Phone) Reinstall() error { return p.do(p.dev.Reinstall) }

// SetNetwork turns the network on or off (off is a silent loss).
func (p *Phone) SetNetwork(up bool) {
	p.dev.SetNetwork(up)
	p.env.Settle()
}

// SetLink conditions one of the device's paths ("im" or "vendor"): a
// partition ("silent", "hard" or "none"; "" leaves it) and, when
// setLatency, its one-way latency.
func (p *Phone) SetLink(channel, partition string, latency time.Duration, setLatency bool) error {
	ch := simulator.Channel(channel)
	if setLatency {
		if err := p.dev.SetLatency(ch, latency); err != nil {
			return err
		}
	}
	if partition != "" {
		if err := p.dev.SetPartition(ch, simulator.Partition(partition)); err != nil {
			return err
		}
	}
	p.env.Settle()
	return nil
}

// IMState is the device's IM instance state: Online, Background,
// PushOnline or Offline, and why.
func (p *Phone) IMState() (state, cause string) { return p.env.im.InstanceState(p.dev.ID()) }

// Notification returns the tray entry of message m, if it is there.
func (p *Phone) Notification(m *Message) (simulator.Notification, bool) {
	return p.dev.Tray().Find(func(n simulator.Notification) bool {
		return p.env.trace.MsgKeyOf(n.VendorMsgID) == m.Key
	})
}

// AwaitNotification waits until message m is in the tray or the deadline
// passes.
func (p *Phone) AwaitNotification(m *Message, deadline time.Time) (simulator.Notification, error) {
	for {
		changed := p.env.trace.Changed()
		if n, ok := p.Notification(m); ok {
			return n, nil
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return simulator.Notification{}, fmt.Errorf("message %s: no notification on %s by %s", m.Ref, p.ID(), deadline.Sub(p.env.trace.Start()))
		}
		t := time.NewTimer(wait)
		select {
		case <-changed:
			t.Stop()
		case <-t.C:
		}
	}
}

// AwaitOnlineMessage waits until the app received m on its IM socket.
func (p *Phone) AwaitOnlineMessage(m *Message, within time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	_, err := p.dev.AwaitMessage(ctx, m.Key)
	return err
}

// Tap taps the notification of message m.
func (p *Phone) Tap(m *Message) (simulator.Tap, error) {
	n, ok := p.Notification(m)
	if !ok {
		return simulator.Tap{}, fmt.Errorf("tap %s on %s: %w", m.Ref, p.ID(), simulator.ErrNoNotification)
	}
	return p.TapNotification(n.VendorMsgID)
}

// TapNotification taps the tray entry with the notification ID (the
// vendor's message ID, NotificationInfo.ID) and returns what it started.
func (p *Phone) TapNotification(id string) (simulator.Tap, error) {
	var t simulator.Tap
	err := p.do(func(ctx context.Context) error {
		var err error
		t, err = p.dev.Tap(ctx, id)
		return err
	})
	return t, err
}

// WhyNot explains why message m did not become a notification here.
func (p *Phone) WhyNot(m *Message) protocol.Reason { return p.env.WhyNot(p.ID(), m.Key) }
