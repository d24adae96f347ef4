package simulator

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// xiaomiRegisterOK is the MiPush SDK's ErrorCode.SUCCESS, the result code
// onReceiveRegisterResult hears for a successful registerPush.
const xiaomiRegisterOK = "0"

// xiaomiSDK is the MiPush SDK (MiPushClient, PushMessageReceiver) and the
// MIUI push service on a Xiaomi phone.
type xiaomiSDK struct{}

func (xiaomiSDK) vendor() protocol.Vendor { return protocol.VendorXiaomi }

func (xiaomiSDK) notificationsOnByDefault() bool { return true }

func (xiaomiSDK) tokenOK(st protocol.RegisterStatus) bool {
	return st.Code == xiaomiRegisterOK && st.Token != ""
}

// precheck: MiPush needs no extra permissions beyond its manifest entries,
// so registration is decided by the service (App ID, App Key, package).
func (xiaomiSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

// xiaomiMessage is the part of the MiPushMessage the device reads.
type xiaomiMessage struct {
	Content     string            `json:"content"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	PassThrough flexInt           `json:"passThrough"`
	Extra       map[string]string `json:"extra"`
}

// xiaomiPredefined are the extra keys MiPush defines; the others are the
// sender's custom pairs, which the app reads from getExtra().
var xiaomiPredefined = map[string]bool{
	"notify_effect": true, "intent_uri": true, "web_uri": true, "channel_id": true, "channel_name": true,
	"channel_description": true, "notify_foreground": true, "sound_uri": true, "ticker": true, "jobkey": true,
	"only_send_once": true, "flow_control": true, "callback": true, "callback.param": true, "callback.type": true,
	"locale": true, "locale_not_in": true, "model": true, "model_not_in": true, "app_version": true,
	"app_version_not_in": true, "connpt": true,
}

// custom returns the sender's custom extra pairs.
func (m xiaomiMessage) custom() map[string]string {
	out := map[string]string{}
	for k, v := range m.Extra {
		if !xiaomiPredefined[k] {
			out[k] = v
		}
	}
	return out
}

// render shows a notification-bar message. A pass-through message
// (passThrough 1) goes to the receiver's onReceivePassThroughMessage and
// never to the tray. On Android 8+ the message's extra.channel_id must
// name a channel the app created, or nothing is shown.
func (xiaomiSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	var m xiaomiMessage
	if err := json.Unmarshal(n.Payload, &m); err != nil || m.PassThrough == 1 {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	if ch := m.Extra["channel_id"]; d.cfg.Android >= 8 && (ch == "" || !d.HasChannel(ch)) {
		return nil, protocol.ReasonChannelMissing
	}
	click := Click{Extras: cloneExtras(m.custom())}
	switch m.Extra["notify_effect"] {
	case "2":
		uri := m.Extra["intent_uri"]
		in, err := parseXiaomiIntentURI(uri)
		if err != nil || in.Component == "" {
			click.Kind, click.Custom = "custom", uri
			break
		}
		click.Kind, click.Activity = protocol.ClickOpenActivity, in.Component
		if len(in.Extras) > 0 {
			if click.Extras == nil {
				click.Extras = map[string]string{}
			}
			maps.Copy(click.Extras, in.Extras)
		}
	case "3":
		click.Kind, click.URL, click.Extras = protocol.ClickOpenURL, m.Extra["web_uri"], nil
	default:
		click.Kind = protocol.ClickOpenApp
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorXiaomi, Package: n.Package,
		Title: m.Title, Body: m.Description, Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

// tap starts what notify_effect names: the launcher Activity (1, also
// when unset), the intent_uri's Activity (2) or a browser on web_uri (3).
// The SDK puts the MiPushMessage into the started intent
// (PushMessageHelper.KEY_MESSAGE); its custom extras, ext among them, and
// an intent URI's string extras appear as the intent's extras. The
// receiver's onNotificationMessageClicked gets the MiPushMessage; the app
// reads ext from getExtra().
func (xiaomiSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	switch n.Click.Kind {
	case protocol.ClickOpenApp:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenActivity:
		t.Intent = &Intent{Package: pkg, Component: n.Click.Activity, Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL}
	case "custom":
		// An intent_uri without a component: an implicit intent for the
		// app's package, if the URI reads at all.
		if in, err := parseXiaomiIntentURI(n.Click.Custom); err == nil && in.Action != "" {
			t.Intent = &Intent{Action: in.Action, Categories: in.Categories, Package: pkg, Data: in.Data,
				Extras: cloneExtras(n.Click.Extras)}
		}
	}
	if d.cfg.App.receiverKept() {
		t.ReceiverCalled = true
		var m xiaomiMessage
		if json.Unmarshal(n.Payload, &m) == nil {
			t.SelfDefineContent = m.Extra["ext"]
		}
	}
	return t
}

// xiaomiIntent is the part of an Android intent URI
// ("intent:#Intent;component=pkg/cls;S.ext=...;end") the SDK starts.
type xiaomiIntent struct {
	Action     string
	Categories []string
	Component  string
	Data       string
	Extras     map[string]string
}

var errNotIntentURI = errors.New("not an intent URI")

// parseXiaomiIntentURI reads an intent: URI as Intent.parseUri does.
func parseXiaomiIntentURI(s string) (xiaomiIntent, error) {
	if !strings.HasPrefix(s, "intent:") {
		return xiaomiIntent{}, errNotIntentURI
	}
	in, err := protocol.ParseIntentURI(s)
	if err != nil {
		return xiaomiIntent{}, err
	}
	return xiaomiIntent{Action: in.Action, Categories: in.Categories, Component: in.Component, Data: in.Data, Extras: in.Extras}, nil
}
