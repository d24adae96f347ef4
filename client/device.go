package client

import (
	"context"
	"net/http"
	"net/url"
)

// Devices lists every device.
func (c *Client) Devices(ctx context.Context) ([]Device, error) {
	var out []Device
	err := c.do(ctx, http.MethodGet, "/_pushsim/devices", nil, nil, &out)
	return out, err
}

// CreateDevice adds a device. It is powered on with its app installed and
// not launched: Launch and Login it next.
func (c *Client) CreateDevice(ctx context.Context, spec DeviceSpec) (Device, error) {
	var out Device
	err := c.do(ctx, http.MethodPost, "/_pushsim/devices", nil, spec, &out)
	return out, err
}

// Device returns a handle on the device with the ID. It makes no request:
// an unknown ID shows up as ErrNotFound on the handle's first call.
func (c *Client) Device(id string) *DeviceHandle {
	return &DeviceHandle{c: c, id: id, path: "/_pushsim/devices/" + url.PathEscape(id)}
}

// DeviceHandle drives one device. Every action answers with the device as
// it is once the action is done.
type DeviceHandle struct {
	c    *Client
	id   string
	path string
}

// ID is the device ID.
func (d *DeviceHandle) ID() string { return d.id }

// Get returns the device.
func (d *DeviceHandle) Get(ctx context.Context) (Device, error) {
	var out Device
	err := d.c.do(ctx, http.MethodGet, d.path, nil, nil, &out)
	return out, err
}

func (d *DeviceHandle) action(ctx context.Context, name string, body any) (Device, error) {
	var out Device
	err := d.c.do(ctx, http.MethodPost, d.path+"/"+name, nil, body, &out)
	return out, err
}

// Launch starts the app: it registers with the vendor push service.
func (d *DeviceHandle) Launch(ctx context.Context) (Device, error) {
	return d.action(ctx, "launch", nil)
}

// Login logs the user in to IM; the app then reports its push token.
func (d *DeviceHandle) Login(ctx context.Context) (Device, error) { return d.action(ctx, "login", nil) }

// Logout logs the user out of IM: no notification arrives after it.
func (d *DeviceHandle) Logout(ctx context.Context) (Device, error) {
	return d.action(ctx, "logout", nil)
}

// Kill kills the app process; the IM server sees the socket close and
// falls back to vendor push.
func (d *DeviceHandle) Kill(ctx context.Context) (Device, error) { return d.action(ctx, "kill", nil) }

// Background sends the app to the background.
func (d *DeviceHandle) Background(ctx context.Context) (Device, error) {
	return d.action(ctx, "background", nil)
}

// Foreground brings the app back to the foreground.
func (d *DeviceHandle) Foreground(ctx context.Context) (Device, error) {
	return d.action(ctx, "foreground", nil)
}

// Uninstall removes the app; the vendor forgets its token.
func (d *DeviceHandle) Uninstall(ctx context.Context) (Device, error) {
	return d.action(ctx, "uninstall", nil)
}

// Reinstall installs the app again (not launched).
func (d *DeviceHandle) Reinstall(ctx context.Context) (Device, error) {
	return d.action(ctx, "reinstall", nil)
}

// SetNetwork turns the phone's network on or off (off is a silent loss:
// the servers notice only when their heartbeats time out).
func (d *DeviceHandle) SetNetwork(ctx context.Context, on bool) (Device, error) {
	state := "off"
	if on {
		state = "on"
	}
	return d.action(ctx, "network", map[string]string{"state": state})
}

// Notifications returns the tray, oldest first.
func (d *DeviceHandle) Notifications(ctx context.Context) ([]Notification, error) {
	var out []Notification
	err := d.c.do(ctx, http.MethodGet, d.path+"/notifications", nil, nil, &out)
	return out, err
}

// Click taps the tray entry with the notification ID (Notification.ID)
// and returns the intent the tap started.
func (d *DeviceHandle) Click(ctx context.Context, notificationID string) (Intent, error) {
	var out Intent
	err := d.c.do(ctx, http.MethodPost, d.path+"/notifications/"+url.PathEscape(notificationID)+"/click", nil, nil, &out)
	return out, err
}

// Delete switches the phone off and removes it.
func (d *DeviceHandle) Delete(ctx context.Context) error {
	return d.c.do(ctx, http.MethodDelete, d.path, nil, nil, nil)
}
