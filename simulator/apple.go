package simulator

import (
	"encoding/json"

	"github.com/pushsim/pushsim/protocol"
)

// ActionOpenApp is the Action of the intent pushsim records for a tap on
// an iPhone: iOS has no intents; the tap opens the app, which receives
// the payload's custom keys (UNNotificationResponse userInfo) as Extras.
const ActionOpenApp = "open"

// appleSDK is APNs with the app's notification delegate on an iPhone.
//
// What it models:
//   - registration (registerForRemoteNotifications) succeeds with code
//     "OK" and a 64-hex-digit device token for the app's bundle ID;
//   - an alert push shows aps.alert (a string is the body; a dictionary
//     gives title and body); a push without an alert (content-available
//     only, a silent background push) shows nothing
//     (vendor_unsupported_type: it only wakes the app);
//   - a tap opens the app: an Intent{Action: "open", Package: bundle ID}
//     whose Extras are the custom top-level keys (strings as they are,
//     other values as JSON), so ext arrives as the extra "ext". pushsim's
//     IM client also sends the certificate's click action as "url" or
//     "activity" for the app to route on; iOS itself does nothing with
//     them, so the tap's Kind stays open_app. The app's delegate
//     (didReceiveNotificationResponse, TIMPush's onRemoteNotificationReceived)
//     hears the tap, with "ext" as the self-defined content.
type appleSDK struct{}

func (appleSDK) vendor() protocol.Vendor { return protocol.VendorAPNs }

func (appleSDK) notificationsOnByDefault() bool { return true }

func (appleSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "OK" && st.Token != "" }

func (appleSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

func (appleSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(n.Payload, &top); err != nil || top == nil {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	var aps struct {
		Alert json.RawMessage `json:"alert"`
	}
	_ = json.Unmarshal(top["aps"], &aps)
	var title, body string
	var text string
	var dict struct {
		Title string `json:"title"`
		Body  string `json:"body"`
	}
	switch {
	case len(aps.Alert) == 0 || string(aps.Alert) == "null":
		return nil, protocol.ReasonVendorUnsupportedType
	case json.Unmarshal(aps.Alert, &text) == nil:
		body = text
	case json.Unmarshal(aps.Alert, &dict) == nil:
		title, body = dict.Title, dict.Body
	default:
		return nil, protocol.ReasonVendorUnsupportedType
	}
	delete(top, "aps")
	extras := map[string]string{}
	for k, v := range top {
		var s string
		if json.Unmarshal(v, &s) == nil {
			extras[k] = s
		} else {
			extras[k] = string(v)
		}
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorAPNs, Package: n.Package, Title: title, Body: body,
		Click: Click{Kind: protocol.ClickOpenApp, Extras: cloneExtras(extras)}, Payload: n.Payload,
	}, protocol.ReasonNone
}

func (appleSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n, Intent: &Intent{Action: ActionOpenApp, Package: d.cfg.App.Package, Extras: cloneExtras(n.Click.Extras)}}
	if d.cfg.App.receiverKept() {
		t.ReceiverCalled = true
		t.SelfDefineContent = n.Click.Extras["ext"]
	}
	return t
}
