package simulator

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// huaweiSDK is HMS Push Kit on a Huawei phone: HmsInstanceId.getToken
// with the App ID of agconnect-services.json, and the HMS push service
// that shows notification messages itself.
//
// Brand behaviour:
//   - registration answers code "0" with the token;
//   - a data message (no notification) goes to HmsMessageService and
//     never to the tray;
//   - channel_id is a display preference: a channel the app did not
//     create falls back to the push service's default channel, so the
//     notification still shows (unlike Xiaomi or OPPO);
//   - the badge is set only when badge.class is the app's launcher
//     Activity; with another class the notification shows without it;
//   - a tap starts click_action's intent: type 1 the intent URI (its S.*
//     extras and data URI reach the Activity; a launcher intent opens the
//     launcher Activity), type 2 a browser on the URL, type 3 the launcher
//     Activity; no receiver hears the click, so ext reaches the app only
//     through the intent.
type huaweiSDK struct{}

func (huaweiSDK) vendor() protocol.Vendor { return protocol.VendorHuawei }

func (huaweiSDK) notificationsOnByDefault() bool { return true }

func (huaweiSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "0" && st.Token != "" }

func (huaweiSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

// hmsPayload is the part of an HMS message the device reads.
type hmsPayload struct {
	Notification *struct {
		Title string `json:"title"`
		Body  string `json:"body"`
	} `json:"notification"`
	Android *struct {
		Notification *struct {
			Title       string `json:"title"`
			Body        string `json:"body"`
			ChannelID   string `json:"channel_id"`
			ClickAction *struct {
				Type   flexInt `json:"type"`
				Intent string  `json:"intent"`
				Action string  `json:"action"`
				URL    string  `json:"url"`
			} `json:"click_action"`
			Badge *struct {
				AddNum flexInt  `json:"add_num"`
				SetNum *flexInt `json:"set_num"`
				Class  string   `json:"class"`
			} `json:"badge"`
		} `json:"notification"`
	} `json:"android"`
}

// decodeHMS reads an HMS payload into the notice HMS-family devices show;
// ok is false for a data message or a payload that is not HMS's.
func decodeHMS(payload json.RawMessage) (hmsNotice, bool) {
	var p hmsPayload
	if json.Unmarshal(payload, &p) != nil || p.Android == nil || p.Android.Notification == nil {
		return hmsNotice{}, false
	}
	an := p.Android.Notification
	o := hmsNotice{Title: an.Title, Body: an.Body, Click: hmsClick{Type: hmsClickApp}}
	if p.Notification != nil {
		o.Title = hmsOr(o.Title, p.Notification.Title)
		o.Body = hmsOr(o.Body, p.Notification.Body)
	}
	if c := an.ClickAction; c != nil {
		o.Click = hmsClick{Type: int(c.Type), Intent: c.Intent, Action: c.Action, URL: c.URL}
	}
	if b := an.Badge; b != nil {
		o.Badge = &hmsBadge{Class: b.Class, Add: int(b.AddNum)}
		if b.SetNum != nil {
			n := int(*b.SetNum)
			o.Badge.Set = &n
		}
	}
	return o, true
}

func (huaweiSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	o, ok := decodeHMS(n.Payload)
	if !ok {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	note := o.notification(d, n, protocol.VendorHuawei)
	o.applyBadge(d, n.MsgID)
	return note, protocol.ReasonNone
}

func (huaweiSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	if o, ok := decodeHMS(n.Payload); ok {
		t.Intent = o.Click.intent(d)
	}
	return t
}

// Click action types shared by HMS and Honor (click_action.type,
// clickAction.type).
const (
	hmsClickIntent = 1
	hmsClickURL    = 2
	hmsClickApp    = 3
)

// hmsNotice is a notification of the HMS family (Huawei, Honor) as the
// device reads it from either vendor's payload.
type hmsNotice struct {
	Title, Body string
	Click       hmsClick
	Badge       *hmsBadge
}

// hmsClick is click_action / clickAction.
type hmsClick struct {
	Type                int
	Intent, Action, URL string
}

// hmsBadge is a launcher badge instruction.
type hmsBadge struct {
	Class string
	Add   int
	Set   *int
}

// notification is the tray entry for o.
func (o hmsNotice) notification(d *Device, n protocol.DeviceNotice, v protocol.Vendor) *Notification {
	return &Notification{VendorMsgID: n.MsgID, Vendor: v, Package: n.Package, Title: o.Title, Body: o.Body,
		Click: o.Click.describe(d), Payload: n.Payload}
}

// applyBadge records what the launcher badge did: it changes only when
// the class is the app's launcher Activity.
func (o hmsNotice) applyBadge(d *Device, msgID string) {
	b := o.Badge
	if b == nil {
		return
	}
	kv := []string{"action", "badge", "class", b.Class}
	if launcher := d.cfg.App.launcher(); b.Class != launcher {
		kv = append(kv, "applied", "false", "note", "the badge class is not the launcher Activity "+launcher+": no badge")
	} else if b.Set != nil {
		kv = append(kv, "applied", "true", "set_num", strconv.Itoa(*b.Set))
	} else {
		kv = append(kv, "applied", "true", "add_num", strconv.Itoa(b.Add))
	}
	d.record(kindAction, &trace.Event{VendorMsgID: msgID}, kv...)
}

// describe is the tap behaviour as the tray shows it.
func (c hmsClick) describe(d *Device) Click {
	switch c.Type {
	case hmsClickURL:
		return Click{Kind: protocol.ClickOpenURL, URL: c.URL}
	case hmsClickApp:
		return Click{Kind: protocol.ClickOpenApp}
	case hmsClickIntent:
		if c.Intent == "" {
			return Click{Kind: "custom", Custom: c.Action}
		}
		in, ok := parseHMSIntentURI(c.Intent)
		switch {
		case !ok:
			return Click{Kind: "custom", Custom: c.Intent}
		case isHMSLauncherIntent(in):
			return Click{Kind: protocol.ClickOpenApp, Extras: cloneExtras(in.Extras)}
		case in.Component != "":
			return Click{Kind: protocol.ClickOpenActivity, Activity: in.Component, Extras: cloneExtras(in.Extras)}
		}
		return Click{Kind: "custom", Custom: c.Intent, Extras: cloneExtras(in.Extras)}
	}
	return Click{Kind: "custom"}
}

// intent is what a tap starts; nil when it starts nothing.
func (c hmsClick) intent(d *Device) *Intent {
	pkg := d.cfg.App.Package
	launcher := &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: d.cfg.App.launcher()}
	switch c.Type {
	case hmsClickURL:
		return &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: c.URL}
	case hmsClickApp:
		return launcher
	case hmsClickIntent:
		if c.Intent == "" {
			if c.Action == "" {
				return nil
			}
			return &Intent{Action: c.Action, Package: pkg}
		}
		in, ok := parseHMSIntentURI(c.Intent)
		if !ok {
			return nil
		}
		if isHMSLauncherIntent(in) {
			launcher.Extras = cloneExtras(in.Extras)
			return launcher
		}
		if in.Action == "" {
			// Intent.parseUri starts from ACTION_VIEW.
			in.Action = ActionView
		}
		if in.Package == "" {
			in.Package = pkg
		}
		return &in
	}
	return nil
}

// isHMSLauncherIntent reports whether in opens the launcher Activity.
func isHMSLauncherIntent(in Intent) bool {
	return in.Component == "" && in.Action == ActionMain && slices.Contains(in.Categories, CategoryLauncher)
}

// parseHMSIntentURI reads an intent URI as Intent.parseUri does (see
// protocol.ParseIntentURI), a bare "#Intent;...;end" too.
func parseHMSIntentURI(s string) (Intent, bool) {
	u, err := protocol.ParseIntentURI(s)
	if err != nil {
		return Intent{}, false
	}
	return intentOf(u), true
}

// hmsOr returns a, or b when a is empty.
func hmsOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
