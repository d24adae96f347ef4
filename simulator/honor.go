package simulator

import (
	"encoding/json"

	"github.com/pushsim/pushsim/protocol"
)

// honorSDK is Honor Push on a Honor phone: HonorPushClient.getPushToken
// with the app ID from the manifest, and Honor's push service, which
// shows notification messages itself.
//
// Brand behaviour, like HMS (see huaweiSDK) with camelCase payloads,
// except that Honor's push service checks a notification's intent before
// showing it: an intent URI that does not parse, or that names another
// app's package, is not shown at all (Honor's receipt status 40000015).
type honorSDK struct{}

func (honorSDK) vendor() protocol.Vendor { return protocol.VendorHonor }

func (honorSDK) notificationsOnByDefault() bool { return true }

func (honorSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "0" && st.Token != "" }

func (honorSDK) precheck(*Device) protocol.Reason { return protocol.ReasonNone }

// honorPayload is the part of a Honor message the device reads.
type honorPayload struct {
	Notification *struct {
		Title string `json:"title"`
		Body  string `json:"body"`
	} `json:"notification"`
	Android *struct {
		Notification *struct {
			Title       string `json:"title"`
			Body        string `json:"body"`
			ClickAction *struct {
				Type   flexInt `json:"type"`
				Intent string  `json:"intent"`
				Action string  `json:"action"`
				URL    string  `json:"url"`
			} `json:"clickAction"`
			Badge *struct {
				AddNum     flexInt  `json:"addNum"`
				SetNum     *flexInt `json:"setNum"`
				BadgeClass string   `json:"badgeClass"`
			} `json:"badge"`
		} `json:"notification"`
	} `json:"android"`
}

// decodeHonor reads a Honor payload; ok is false for a data message or a
// payload that is not Honor's.
func decodeHonor(payload json.RawMessage) (hmsNotice, bool) {
	var p honorPayload
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
		o.Badge = &hmsBadge{Class: b.BadgeClass, Add: int(b.AddNum)}
		if b.SetNum != nil {
			n := int(*b.SetNum)
			o.Badge.Set = &n
		}
	}
	return o, true
}

func (honorSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	o, ok := decodeHonor(n.Payload)
	if !ok {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	if o.Click.Type == hmsClickIntent && o.Click.Intent != "" {
		in, ok := parseHMSIntentURI(o.Click.Intent)
		if !ok || (in.Package != "" && in.Package != d.cfg.App.Package) {
			return nil, protocol.ReasonVendorUnsupportedType
		}
	}
	note := o.notification(d, n, protocol.VendorHonor)
	o.applyBadge(d, n.MsgID)
	return note, protocol.ReasonNone
}

func (honorSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	if o, ok := decodeHonor(n.Payload); ok {
		t.Intent = o.Click.intent(d)
	}
	return t
}
