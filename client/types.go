package client

import "time"

// IM states of a device (Device.IMState).
const (
	IMOnline     = "Online"     // socket up, app in the foreground: no push
	IMBackground = "Background" // socket up, app in the background: online and pushed
	IMPushOnline = "PushOnline" // socket gone, still logged in: pushed
	IMOffline    = "Offline"    // kicked, or expired: nothing delivered
	IMLoggedOut  = "LoggedOut"  // logged out, or never logged in: nothing delivered
)

// App states of a device (Device.AppState).
const (
	AppNotLaunched = "not_launched"
	AppForeground  = "foreground"
	AppBackground  = "background"
	AppKilled      = "killed"
	AppUninstalled = "uninstalled"
)

// Outcomes of a message on a device (DeviceFate.Outcome); "" while the
// push is in flight.
const (
	OutcomeNotified     = "notified"
	OutcomeOnline       = "online"
	OutcomeNotDelivered = "not_delivered"
)

// Device is a simulated phone as the server reports it.
type Device struct {
	ID            string `json:"id"`
	Brand         string `json:"brand"`
	ROM           string `json:"rom,omitempty"`
	Android       int    `json:"android"`
	User          string `json:"user"`
	Vendor        string `json:"vendor"`
	Package       string `json:"package"`
	Token         string `json:"token"`
	TokenReported bool   `json:"token_reported"`
	// IMState is one of the IM* constants; IMCause says why.
	IMState string `json:"im_state"`
	IMCause string `json:"im_cause,omitempty"`
	// AppState is one of the App* constants.
	AppState  string `json:"app_state"`
	Installed bool   `json:"installed"`
	Running   bool   `json:"running"`
	LoggedIn  bool   `json:"logged_in"`
	// Network is "on" or "off".
	Network string `json:"network"`
	// Notifications is the tray, oldest first.
	Notifications []Notification `json:"notifications"`
	// LastIntent is what the latest tap opened, if anything.
	LastIntent *Intent `json:"last_intent"`
}

// Notification is one entry of a device's tray.
type Notification struct {
	// ID names the entry for Click.
	ID string `json:"id"`
	// MsgKey is the IM message it carries ("" for a push sent straight to
	// the vendor).
	MsgKey  string    `json:"msg_key"`
	Vendor  string    `json:"vendor"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
	ShownAt time.Time `json:"shown_at"`
	Clicked bool      `json:"clicked"`
}

// Intent is the Android intent a tap started. Every field is empty when
// the tap started none.
type Intent struct {
	Action     string            `json:"action"`
	Component  string            `json:"component"`
	Package    string            `json:"package,omitempty"`
	Categories []string          `json:"categories,omitempty"`
	URL        string            `json:"url"`
	Extras     map[string]string `json:"extras"`
}

// DeviceSpec is one device in the scenario format, for CreateDevice.
type DeviceSpec struct {
	ID      string  `json:"id"`
	Brand   string  `json:"brand"`
	ROM     string  `json:"rom,omitempty"`
	Android int     `json:"android,omitempty"`
	User    string  `json:"user"`
	App     AppSpec `json:"app"`
}

// AppSpec is a device's app block.
type AppSpec struct {
	Package              string   `json:"package"`
	Certificate          int64    `json:"certificate"`
	ReceiverKept         *bool    `json:"receiver_kept,omitempty"`
	Permissions          []string `json:"permissions,omitempty"`
	NotificationsEnabled *bool    `json:"notifications_enabled,omitempty"`
	Channels             []string `json:"channels,omitempty"`
	// RegisterDelay is a Go duration ("2s"): vendor registration finishes
	// this long after launch.
	RegisterDelay    string `json:"register_delay,omitempty"`
	AppID            string `json:"app_id,omitempty"`
	AppKey           string `json:"app_key,omitempty"`
	LauncherActivity string `json:"launcher_activity,omitempty"`
}

// MessageFate is what became of one IM message on each device it was
// routed to.
type MessageFate struct {
	MsgKey  string       `json:"msg_key"`
	Devices []DeviceFate `json:"devices"`
}

// Settled reports whether the message reached at least one device and
// every device has an outcome.
func (f MessageFate) Settled() bool {
	for _, d := range f.Devices {
		if d.Outcome == "" {
			return false
		}
	}
	return len(f.Devices) > 0
}

// On returns the fate on one device.
func (f MessageFate) On(device string) (DeviceFate, bool) {
	for _, d := range f.Devices {
		if d.Device == device {
			return d, true
		}
	}
	return DeviceFate{}, false
}

// DeviceFate is the outcome of a message on one device.
type DeviceFate struct {
	Device string `json:"device"`
	// Outcome is one of the Outcome* constants, or "" while in flight.
	Outcome string `json:"outcome"`
	// Reason is the reason code when the outcome is not notified.
	Reason string `json:"reason"`
	// LatencyMS is the time from the send to the notification or online
	// delivery.
	LatencyMS int64 `json:"latency_ms"`
	// Chain is the message's path to the device.
	Chain []TraceEvent `json:"chain"`
}

// TraceEvent is one event of the trace.
type TraceEvent struct {
	// ElapsedMS is the time since the environment started, in milliseconds.
	ElapsedMS   int64             `json:"t_ms"`
	At          time.Time         `json:"at"`
	Component   string            `json:"component"`
	Kind        string            `json:"kind"`
	Msg         string            `json:"msg,omitempty"`
	VendorMsgID string            `json:"vendor_msg_id,omitempty"`
	Device      string            `json:"device,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	Details     map[string]string `json:"details,omitempty"`
}

// TraceFilter selects trace events; the zero value selects all.
type TraceFilter struct {
	Device  string
	Message string
	// Kinds are event kinds ("device.notify") or families ("vendor").
	Kinds []string
	// Since keeps events at or after this much time since the start.
	Since time.Duration
	// SinceTime keeps events at or after this moment; it wins over Since.
	SinceTime time.Time
	// Reasons keeps events with one of these reason codes ("*": any).
	Reasons []string
}

// TracePage is one page of the trace in the order recorded (TracePage).
type TracePage struct {
	// Events are the page's events; Seq counts from 1 in the order recorded.
	Events []PagedTraceEvent `json:"events"`
	// Next is the cursor of the following page.
	Next int64 `json:"next"`
	// More is whether more events matched after Next.
	More bool `json:"more"`
	// Dropped is how many events serve's retention has dropped so far: a
	// cursor below it has missed some.
	Dropped int64 `json:"dropped"`
}

// PagedTraceEvent is a trace event with its position.
type PagedTraceEvent struct {
	Seq int64 `json:"seq"`
	TraceEvent
}

// VendorMessage is one notification a vendor mock accepted for one target.
type VendorMessage struct {
	Vendor     string            `json:"vendor"`
	MsgID      string            `json:"msg_id"`
	AppID      string            `json:"app_id,omitempty"`
	Token      string            `json:"token"`
	Alias      string            `json:"alias,omitempty"`
	Title      string            `json:"title"`
	Body       string            `json:"body"`
	Click      VendorClick       `json:"click"`
	Path       string            `json:"path,omitempty"`
	Params     map[string]string `json:"params,omitempty"`
	ReceivedAt time.Time         `json:"received_at"`
}

// VendorClick is what tapping a vendor message should do.
type VendorClick struct {
	Action   string            `json:"action"`
	URL      string            `json:"url,omitempty"`
	Activity string            `json:"activity,omitempty"`
	Custom   string            `json:"custom,omitempty"`
	Extras   map[string]string `json:"extras,omitempty"`
}
