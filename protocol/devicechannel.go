package protocol

import "encoding/json"

// The vendor device channel is pushsim's own stand-in for each vendor's
// system push service on the phone: a websocket from the device to
// /<vendor>/_device/ws over which the device registers its app and receives
// notifications. Frames are JSON text messages.

// DevicePath is the path of a vendor's device channel below its prefix.
const DevicePath = "/_device/ws"

// Device channel frame types.
const (
	DeviceRegister       = "register"        // device → vendor: register an app, get a token
	DeviceRegisterStatus = "register_status" // vendor → device: the answer to register
	DeviceUnregister     = "unregister"      // device → vendor: the app was uninstalled
	DeviceNotification   = "notification"    // vendor → device: show this
	DeviceAck            = "ack"             // device → vendor: delivered (for receipts)
	DeviceClicked        = "clicked"         // device → vendor: tapped (for receipts)
)

// DeviceFrame is one device channel message in either direction.
type DeviceFrame struct {
	Type string `json:"type"`
	Seq  uint64 `json:"seq,omitempty"`

	// register / unregister
	Register *RegisterRequest `json:"register,omitempty"`
	// register_status
	Status *RegisterStatus `json:"status,omitempty"`
	// notification, ack, clicked
	Notification *DeviceNotice `json:"notification,omitempty"`
	MsgID        string        `json:"msgId,omitempty"`
	Token        string        `json:"token,omitempty"`
}

// RegisterRequest is what a vendor SDK sends when the app registers
// (PushManager.register(context, appId, appKey) on Meizu).
type RegisterRequest struct {
	AppID    string `json:"appId"`
	AppKey   string `json:"appKey"`
	Package  string `json:"package"`
	DeviceID string `json:"deviceId"`
	Brand    string `json:"brand"`
	ROM      string `json:"rom,omitempty"`
	Android  int    `json:"android,omitempty"`
}

// RegisterStatus is the vendor's answer (Meizu RegisterStatus: code, message, pushId).
type RegisterStatus struct {
	Code    string `json:"code"` // vendor-specific; "200" is success on Meizu
	Message string `json:"message,omitempty"`
	Token   string `json:"token,omitempty"`
}

// DeviceNotice is a notification as the vendor hands it to the device. The
// Payload is vendor-specific (for Meizu, the messageJson the server received)
// and is interpreted by the brand's SDK on the device.
type DeviceNotice struct {
	MsgID   string          `json:"msgId"`
	Token   string          `json:"token"`
	Package string          `json:"package"`
	Payload json.RawMessage `json:"payload"`
}
