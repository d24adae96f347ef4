package simulator

import (
	"encoding/json"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// oppoSDK is OPPO's HeytapPush SDK (HeytapPushManager.register,
// ICallBackResultService.onRegister) and the ColorOS push service that
// shows its notifications.
//
// Brand quirks: an app's notifications are off after install until the
// user allows them; on Android 8+ a notification is shown only on a
// channel the app created (channel_id, OPPOChannelID in IM), otherwise
// nothing is displayed; a tap hands action_parameters (where IM puts ext)
// to the opened page as intent extras, and the SDK has no click callback.
type oppoSDK struct{}

func (oppoSDK) vendor() protocol.Vendor { return protocol.VendorOPPO }

// notificationsOnByDefault is false: ColorOS starts an installed app with
// notifications off.
func (oppoSDK) notificationsOnByDefault() bool { return false }

// tokenOK: onRegister's responseCode 0 with a registerID.
func (oppoSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "0" && st.Token != "" }

func (oppoSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

// oppoNotification is the part of OPPO's notification the device reads.
type oppoNotification struct {
	Title               string          `json:"title"`
	Content             string          `json:"content"`
	ClickActionType     flexInt         `json:"click_action_type"`
	ClickActionActivity string          `json:"click_action_activity"`
	ClickActionURL      string          `json:"click_action_url"`
	ActionParameters    json.RawMessage `json:"action_parameters"`
	ChannelID           string          `json:"channel_id"`
}

// oppoChannelsFrom is the first Android version with notification
// channels (Android 8, API 26).
const oppoChannelsFrom = 8

func (oppoSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	var m oppoNotification
	if err := json.Unmarshal(n.Payload, &m); err != nil {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	if d.cfg.Android >= oppoChannelsFrom && (m.ChannelID == "" || !d.HasChannel(m.ChannelID)) {
		return nil, protocol.ReasonChannelMissing
	}
	click := Click{Extras: oppoParameters(m.ActionParameters)}
	switch int(m.ClickActionType) {
	case 0:
		click.Kind = protocol.ClickOpenApp
	case 4:
		click.Kind, click.Activity = protocol.ClickOpenActivity, m.ClickActionActivity
	case 2:
		click.Kind, click.URL = protocol.ClickOpenURL, m.ClickActionURL
	case 1: // an in-app page by intent action
		click.Kind, click.Custom = "custom", m.ClickActionActivity
	case 5: // an intent scheme URL
		click.Kind, click.URL = "custom", m.ClickActionURL
	default:
		return nil, protocol.ReasonVendorUnsupportedType
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorOPPO, Package: n.Package,
		Title: m.Title, Body: m.Content, Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

// oppoParameters reads action_parameters: a JSON string holding an
// object (or the object itself).
func oppoParameters(raw json.RawMessage) map[string]string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return stringMap(json.RawMessage(s))
	}
	return stringMap(raw)
}

func (oppoSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	extras := cloneExtras(n.Click.Extras)
	switch n.Click.Kind {
	case protocol.ClickOpenApp:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: extras}
	case protocol.ClickOpenActivity:
		t.Intent = &Intent{Package: pkg, Component: n.Click.Activity, Extras: extras}
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL}
	case "custom":
		switch {
		case n.Click.Custom != "":
			t.Intent = &Intent{Action: n.Click.Custom, Package: pkg, Extras: extras}
		case strings.HasPrefix(n.Click.URL, "intent:"):
			if in, ok := parseIntentURI(n.Click.URL, pkg); ok {
				in.Extras = mergeExtras(in.Extras, extras)
				t.Intent = &in
			}
		default:
			t.Intent = &Intent{Action: ActionView, Data: n.Click.URL, Package: pkg, Extras: extras}
		}
	}
	return t
}
