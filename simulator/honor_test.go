package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

// honorPayloadWith is a Honor message whose android.notification has fields.
func honorPayloadWith(fields string) string {
	return `{"android":{"ttl":"86400s","notification":{"title":"T","body":"B",` + fields + `}}}`
}

func TestHonorRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	for _, tc := range []struct {
		name    string
		payload string
		kind    string
		intent  *Intent
	}{
		{"open app", honorPayloadWith(`"clickAction":{"type":3}`), protocol.ClickOpenApp,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity"}},
		{"open app with ext", honorPayloadWith(`"clickAction":{"type":1,"intent":"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;package=com.example.chat;S.ext=e;end"}`),
			protocol.ClickOpenApp, &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: map[string]string{"ext": "e"}}},
		{"activity", honorPayloadWith(`"clickAction":{"type":"1","intent":"intent:#Intent;launchFlags=0x4000000;component=com.example.chat/com.example.chat.ChatActivity;S.ext=x;end"}`),
			protocol.ClickOpenActivity, &Intent{Action: ActionView, Package: pkg, Component: pkg + ".ChatActivity", Extras: map[string]string{"ext": "x"}}},
		{"deep link", honorPayloadWith(`"clickAction":{"type":1,"intent":"intent://com.honor.push:8888/deeplink?text=abc#Intent;scheme=pushscheme;launchFlags=0x4000000;end"}`),
			"custom", &Intent{Action: ActionView, Package: pkg, Data: "pushscheme://com.honor.push:8888/deeplink?text=abc"}},
		{"url", honorPayloadWith(`"clickAction":{"type":2,"url":"https://e.com"}`), protocol.ClickOpenURL,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := hmsDevice(protocol.BrandHonor)
			n, reason := honorSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorHonor || n.Click.Kind != tc.kind {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := honorSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if tap.ReceiverCalled {
				t.Error("a receiver heard the click")
			}
		})
	}
}

func TestHonorChecksIntentBeforeShowing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		payload string
		want    protocol.Reason
	}{
		{"another app's Activity", honorPayloadWith(`"clickAction":{"type":1,"intent":"intent:#Intent;component=com.other/.Main;end"}`), protocol.ReasonVendorUnsupportedType},
		{"not an intent URI", honorPayloadWith(`"clickAction":{"type":1,"intent":"com.example.chat.ChatActivity"}`), protocol.ReasonVendorUnsupportedType},
		{"action only", honorPayloadWith(`"clickAction":{"type":1,"action":"com.example.chat.OPEN"}`), protocol.ReasonNone},
		{"data message", `{"data":"x"}`, protocol.ReasonVendorUnsupportedType},
		{"HMS field names", hmsPayloadWith(`"click_action":{"type":3}`), protocol.ReasonNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, got := (honorSDK{}).render(hmsDevice(protocol.BrandHonor), protocol.DeviceNotice{Payload: json.RawMessage(tc.payload)}); got != tc.want {
				t.Errorf("render = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHonorBadgeNeedsLauncherClass(t *testing.T) {
	d := hmsDevice(protocol.BrandHonor)
	d.cfg.App.LauncherActivity = "com.example.chat.HomeActivity"
	n, _ := honorSDK{}.render(d, protocol.DeviceNotice{MsgID: "m",
		Payload: json.RawMessage(honorPayloadWith(`"badge":{"addNum":1,"badgeClass":"com.example.chat.MainActivity"},"clickAction":{"type":3}`))})
	evs := d.cfg.Trace.Events()
	if n == nil || len(evs) != 1 || evs[0].Details["applied"] != "false" {
		t.Fatalf("notification %+v, events %+v: want shown without a badge", n, evs)
	}
}

func TestHonorRegisterStatus(t *testing.T) {
	sdk := honorSDK{}
	if !sdk.tokenOK(protocol.RegisterStatus{Code: "0", Token: "t"}) || sdk.tokenOK(protocol.RegisterStatus{Code: "app_id_invalid"}) {
		t.Error("tokenOK does not follow code 0")
	}
	if sdk.vendor() != protocol.VendorHonor || !sdk.notificationsOnByDefault() || sdk.precheck(hmsDevice(protocol.BrandHonor)) != protocol.ReasonNone {
		t.Error("honorSDK basics")
	}
}
