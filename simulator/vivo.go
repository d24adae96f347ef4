package simulator

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// vivoSDK is vivo's push SDK (PushClient.turnOnPush, the regId from
// getRegId / onReceiveRegId) and the Funtouch/Origin OS push service that
// shows its notifications.
//
// Brand quirks: the app has no custom notification channels (the system
// files a notification by its classification, so a payload without a
// channel shows); since SDK 3.0.0.0 clientCustomMap (where IM puts ext)
// reaches the app only as extras of the Activity a tap opens, and the
// receiver hears a click only for the custom skip type (3).
type vivoSDK struct{}

func (vivoSDK) vendor() protocol.Vendor { return protocol.VendorVivo }

func (vivoSDK) notificationsOnByDefault() bool { return true }

// tokenOK: turnOnPush's state 0 with a regId.
func (vivoSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "0" && st.Token != "" }

func (vivoSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

// vivoMessage is the part of vivo's message the device reads.
type vivoMessage struct {
	Title           string          `json:"title"`
	Content         string          `json:"content"`
	SkipType        flexInt         `json:"skipType"`
	SkipContent     string          `json:"skipContent"`
	ClientCustomMap json.RawMessage `json:"clientCustomMap"`
}

// vivo skip types (skipType).
const (
	vivoSkipApp      = 1 // the app's home page
	vivoSkipURL      = 2 // a web page
	vivoSkipCustom   = 3 // app-defined: onNotificationMessageClicked
	vivoSkipActivity = 4 // an in-app page: skipContent is an intent URI
)

func (vivoSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	var m vivoMessage
	if err := json.Unmarshal(n.Payload, &m); err != nil {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	click := Click{Extras: stringMap(m.ClientCustomMap)}
	switch int(m.SkipType) {
	case vivoSkipApp:
		click.Kind = protocol.ClickOpenApp
	case vivoSkipURL:
		click.Kind, click.URL = protocol.ClickOpenURL, m.SkipContent
	case vivoSkipCustom:
		click.Kind, click.Custom = "custom", m.SkipContent
	case vivoSkipActivity:
		in, ok := parseIntentURI(m.SkipContent, d.cfg.App.Package)
		if !ok {
			return nil, protocol.ReasonVendorUnsupportedType
		}
		click.Kind, click.Activity = protocol.ClickOpenActivity, in.Component
	default:
		return nil, protocol.ReasonVendorUnsupportedType
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorVivo, Package: n.Package,
		Title: m.Title, Body: m.Content, Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

func (vivoSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	extras := cloneExtras(n.Click.Extras)
	switch n.Click.Kind {
	case protocol.ClickOpenApp:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: extras}
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL}
	case protocol.ClickOpenActivity:
		// The intent URI in skipContent names the Activity and may carry
		// extras of its own; clientCustomMap's are added to them.
		var m vivoMessage
		if json.Unmarshal(n.Payload, &m) == nil {
			if in, ok := parseIntentURI(m.SkipContent, pkg); ok {
				in.Extras = mergeExtras(in.Extras, extras)
				t.Intent = &in
			}
		}
	case "custom":
		// OpenClientPushMessageReceiver.onNotificationMessageClicked: the
		// app decides what to open from skipContent.
		if d.cfg.App.receiverKept() {
			t.ReceiverCalled, t.SelfDefineContent = true, n.Click.Custom
		}
	}
	return t
}

// parseIntentURI reads an Android intent URI as Intent.parseUri does (see
// protocol.ParseIntentURI) for the forms push services use:
// "intent:#Intent;component=pkg/.Cls;S.k=v;end" or
// "intent://host/path#Intent;scheme=s;package=p;action=a;end", whose
// data needs its scheme. The package defaults to pkg; an intent that
// names no component, action or data opens nothing and is refused.
func parseIntentURI(uri, pkg string) (Intent, bool) {
	if !strings.HasPrefix(uri, "intent:") {
		return Intent{}, false
	}
	u, err := protocol.ParseIntentURI(uri)
	if err != nil || strings.HasPrefix(u.Data, "//") {
		return Intent{}, false
	}
	in := intentOf(u)
	if in.Package == "" {
		in.Package = pkg
	}
	if in.Component == "" && in.Action == "" && in.Data == "" {
		return Intent{}, false
	}
	return in, true
}

// intentOf is the intent a parsed intent URI starts.
func intentOf(u protocol.IntentURI) Intent {
	return Intent{Action: u.Action, Categories: u.Categories, Component: u.Component, Package: u.Package,
		Data: u.Data, Extras: u.Extras}
}

// mergeExtras adds b's entries to a (b wins), returning nil for none.
func mergeExtras(a, b map[string]string) map[string]string {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}
