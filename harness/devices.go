package harness

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pushsim/pushsim/simulator"
)

// Errors of the device registry, for errors.Is.
var (
	// ErrUnknownDevice: the environment has no device with that ID.
	ErrUnknownDevice = errors.New("no such device")
	// ErrDuplicateDevice: a device with that ID already exists.
	ErrDuplicateDevice = errors.New("a device with this ID already exists")
	// ErrClosed: the environment is closed.
	ErrClosed = errors.New("environment closed")
)

// device returns the device with the ID.
func (e *Env) device(id string) (*simulator.Device, bool) {
	e.devMu.RLock()
	defer e.devMu.RUnlock()
	d, ok := e.devices[id]
	return d, ok
}

// deviceList returns the devices in the order they were added.
func (e *Env) deviceList() []*simulator.Device {
	e.devMu.RLock()
	defer e.devMu.RUnlock()
	out := make([]*simulator.Device, len(e.order))
	for i, id := range e.order {
		out[i] = e.devices[id]
	}
	return out
}

// DeviceIDs lists the devices in the order they were added: the
// configuration's first, then those added at run time.
func (e *Env) DeviceIDs() []string {
	e.devMu.RLock()
	defer e.devMu.RUnlock()
	return slices.Clone(e.order)
}

// register adds a built device to the registry.
func (e *Env) register(d *simulator.Device) error {
	e.devMu.Lock()
	defer e.devMu.Unlock()
	switch {
	case e.devClosed:
		return fmt.Errorf("device %s: %w", d.ID(), ErrClosed)
	case e.devices[d.ID()] != nil:
		return fmt.Errorf("device %s: %w", d.ID(), ErrDuplicateDevice)
	}
	e.devices[d.ID()] = d
	e.order = append(e.order, d.ID())
	return nil
}

// unregister removes a device from the registry and returns it.
func (e *Env) unregister(id string) (*simulator.Device, bool) {
	e.devMu.Lock()
	defer e.devMu.Unlock()
	d, ok := e.devices[id]
	if !ok {
		return nil, false
	}
	delete(e.devices, id)
	e.order = slices.DeleteFunc(e.order, func(x string) bool { return x == id })
	return d, true
}

// AddDevice adds a phone to the running environment, as if it were in the
// configuration: its user is imported into the IM server, it is powered on
// (its vendor's system push service connects) and its app is installed but
// not launched. It fails with ErrDuplicateDevice when the ID is taken, and
// changes nothing when the entry is invalid.
func (e *Env) AddDevice(dc DeviceConfig) (*Phone, error) {
	if err := dc.Validate(); err != nil {
		return nil, fmt.Errorf("add device: %w", err)
	}
	if _, taken := e.device(dc.ID); taken {
		return nil, fmt.Errorf("add device %s: %w", dc.ID, ErrDuplicateDevice)
	}
	d, err := e.newDevice(dc)
	if err != nil {
		return nil, fmt.Errorf("add device %s: %w", dc.ID, err)
	}
	if !e.im.HasAccount(dc.User) {
		if err := e.im.ImportAccount(dc.User); err != nil {
			return nil, fmt.Errorf("add device %s: user %q: %w", dc.ID, dc.User, err)
		}
	}
	if err := e.register(d); err != nil {
		return nil, fmt.Errorf("add device: %w", err)
	}
	d.Start()
	ctx, cancel := e.actionContext()
	defer cancel()
	if err := d.WaitPushService(ctx); err != nil {
		if got, ok := e.unregister(dc.ID); ok {
			got.Close()
		}
		return nil, fmt.Errorf("add device: %w", err)
	}
	e.Settle()
	return &Phone{env: e, dev: d}, nil
}

// RemoveDevice powers a phone off and forgets it. What the servers know of
// it stays, as for a phone that was switched off for good: its IM instance
// goes PushOnline when the socket closes, and its vendor token stays
// registered. Its trace events stay too. It fails with ErrUnknownDevice.
func (e *Env) RemoveDevice(id string) error {
	d, ok := e.unregister(id)
	if !ok {
		return fmt.Errorf("remove device %s: %w", id, ErrUnknownDevice)
	}
	d.Close()
	e.Settle()
	return nil
}
