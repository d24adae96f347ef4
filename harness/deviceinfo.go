package harness

import (
	"maps"
	"time"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
)

// DeviceInfo is a device as GET /_pushsim/devices and
// GET /_pushsim/devices/{id} report it.
type DeviceInfo struct {
	ID       string          `json:"id"`
	Brand    protocol.Brand  `json:"brand"`
	ROM      string          `json:"rom,omitempty"`
	Android  int             `json:"android"`
	User     string          `json:"user"`
	Vendor   protocol.Vendor `json:"vendor"`
	Package  string          `json:"package"`
	Token    string          `json:"token"`
	Reported bool            `json:"token_reported"`
	// IMState is Online, Background, PushOnline, Offline (kicked or
	// expired) or LoggedOut (logged out, or never logged in).
	IMState string `json:"im_state"`
	// IMCause is the IM server's cause of the last state change.
	IMCause string `json:"im_cause,omitempty"`
	// AppState is not_launched, foreground, background, killed or uninstalled.
	AppState  simulator.AppState `json:"app_state"`
	Installed bool               `json:"installed"`
	Running   bool               `json:"running"`
	LoggedIn  bool               `json:"logged_in"`
	// Network is "on" or "off".
	Network string `json:"network"`
	// Notifications is the tray, oldest first.
	Notifications []NotificationInfo `json:"notifications"`
	// LastIntent is what the latest tap opened (nil before any tap, or
	// when the latest tap opened nothing).
	LastIntent *IntentInfo `json:"last_intent"`
}

// NotificationInfo is one tray entry.
type NotificationInfo struct {
	// ID names the entry for a click: the vendor's message ID.
	ID string `json:"id"`
	// MsgKey is the IM message it carries ("" for a push sent straight to
	// the vendor, not through the IM server).
	MsgKey  string          `json:"msg_key"`
	Vendor  protocol.Vendor `json:"vendor"`
	Title   string          `json:"title"`
	Body    string          `json:"body"`
	ShownAt time.Time       `json:"shown_at"`
	Clicked bool            `json:"clicked"`
}

// IntentInfo is the Android intent a tap started.
type IntentInfo struct {
	Action     string            `json:"action"`
	Component  string            `json:"component"`
	Package    string            `json:"package,omitempty"`
	Categories []string          `json:"categories,omitempty"`
	URL        string            `json:"url"`
	Extras     map[string]string `json:"extras"`
}

// IM states beyond the IM server's own.
const (
	// IMStateLoggedOut is an Offline instance whose user logged out or
	// never logged in on the device.
	IMStateLoggedOut = "LoggedOut"
)

// apiIMState names the IM state as the serve API reports it: the IM
// server's Offline splits into LoggedOut (logged out or never logged in)
// and Offline (kicked, or expired after PushOnline).
func apiIMState(state, cause string) string {
	if state == fakeim.StateOffline && (cause == fakeim.CauseLogout || cause == fakeim.CauseNeverLoggedIn) {
		return IMStateLoggedOut
	}
	return state
}

// Devices reports every device, in the order they were added.
func (e *Env) Devices() []DeviceInfo {
	devs := e.deviceList()
	out := make([]DeviceInfo, 0, len(devs))
	for _, d := range devs {
		out = append(out, e.deviceInfo(d))
	}
	return out
}

// DeviceInfo reports one device.
func (e *Env) DeviceInfo(id string) (DeviceInfo, bool) {
	d, ok := e.device(id)
	if !ok {
		return DeviceInfo{}, false
	}
	return e.deviceInfo(d), true
}

func (e *Env) deviceInfo(d *simulator.Device) DeviceInfo {
	st := d.State()
	state, cause := e.im.InstanceState(st.ID)
	info := DeviceInfo{
		ID: st.ID, Brand: st.Brand, ROM: st.ROM, Android: st.Android, User: st.User, Vendor: st.Vendor,
		Package: st.Package, Token: st.Token, Reported: st.Reported,
		IMState: apiIMState(state, cause), IMCause: cause, AppState: d.AppState(),
		Installed: st.Installed, Running: st.Running, LoggedIn: st.LoggedIn,
		Network: "off", Notifications: e.notifications(d),
	}
	if st.Network {
		info.Network = "on"
	}
	if tap, ok := d.LastTap(); ok {
		info.LastIntent = intentInfo(tap.Intent)
	}
	return info
}

// notifications lists the device's tray, oldest first.
func (e *Env) notifications(d *simulator.Device) []NotificationInfo {
	tray := d.Tray().All()
	out := make([]NotificationInfo, len(tray))
	for i, n := range tray {
		out[i] = NotificationInfo{
			ID: n.VendorMsgID, MsgKey: e.trace.MsgKeyOf(n.VendorMsgID), Vendor: n.Vendor,
			Title: n.Title, Body: n.Body, ShownAt: n.At, Clicked: n.Tapped,
		}
	}
	return out
}

// intentInfo converts a tap's intent (nil when it opened nothing).
func intentInfo(in *simulator.Intent) *IntentInfo {
	if in == nil {
		return nil
	}
	extras := map[string]string{}
	maps.Copy(extras, in.Extras)
	return &IntentInfo{
		Action: in.Action, Component: in.Component, Package: in.Package,
		Categories: in.Categories, URL: in.Data, Extras: extras,
	}
}
