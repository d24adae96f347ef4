package simulator

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func hmsDevice(brand protocol.Brand) *Device {
	return &Device{cfg: Config{ID: "d", Brand: brand, Android: 12, Trace: trace.New(time.Now()),
		App: AppConfig{Package: "com.example.chat", Channels: []string{"im"}}}}
}

// hmsPayloadWith is an HMS message whose android.notification has fields.
func hmsPayloadWith(fields string) string {
	return `{"android":{"ttl":"86400s","notification":{"title":"T","body":"B",` + fields + `}}}`
}

func TestHuaweiRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	launcher := func(extras map[string]string) *Intent {
		return &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: extras}
	}
	for _, tc := range []struct {
		name    string
		payload string
		kind    string
		intent  *Intent
	}{
		{"open app", hmsPayloadWith(`"click_action":{"type":3}`), protocol.ClickOpenApp, launcher(nil)},
		{"open app with ext", hmsPayloadWith(`"click_action":{"type":1,"intent":"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;launchFlags=0x4000000;package=com.example.chat;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end"}`),
			protocol.ClickOpenApp, launcher(map[string]string{"ext": `{"conv":"c2c_bob"}`})},
		{"activity, ext as intent param", hmsPayloadWith(`"click_action":{"type":1,"intent":"intent:#Intent;launchFlags=0x4000000;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=x;end"}`),
			protocol.ClickOpenActivity, &Intent{Action: ActionView, Package: pkg, Component: pkg + ".ChatActivity", Extras: map[string]string{"ext": "x"}}},
		{"activity, ext as action param", hmsPayloadWith(`"click_action":{"type":"1","intent":"intent://com.example.chat/detail?ext=%7B%22k%22%3A1%7D#Intent;scheme=pushscheme;launchFlags=0x4000000;component=com.example.chat/.ChatActivity;end"}`),
			protocol.ClickOpenActivity, &Intent{Action: ActionView, Package: pkg, Component: pkg + ".ChatActivity", Data: "pushscheme://com.example.chat/detail?ext=%7B%22k%22%3A1%7D"}},
		{"url", hmsPayloadWith(`"click_action":{"type":2,"url":"https://e.com"}`), protocol.ClickOpenURL,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}},
		{"custom action", hmsPayloadWith(`"click_action":{"type":1,"action":"com.example.chat.OPEN"}`), "custom",
			&Intent{Action: "com.example.chat.OPEN", Package: pkg}},
		{"broken intent", hmsPayloadWith(`"click_action":{"type":1,"intent":"intent:#Intent;component=x"}`), "custom", nil},
		{"rich media", hmsPayloadWith(`"click_action":{"type":4,"rich_resource":"https://e.com/r"}`), "custom", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := hmsDevice(protocol.BrandHuawei)
			n, reason := huaweiSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorHuawei || n.Click.Kind != tc.kind {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := huaweiSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if tap.ReceiverCalled || tap.SelfDefineContent != "" {
				t.Errorf("a receiver heard the click: %+v", tap)
			}
		})
	}
}

func TestHuaweiRenderQuirks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		payload string
		want    protocol.Reason
		title   string
	}{
		{"title from message.notification", `{"notification":{"title":"T0","body":"B0"},"android":{"notification":{"body":"B","click_action":{"type":3}}}}`, protocol.ReasonNone, "T0"},
		{"channel the app did not create", hmsPayloadWith(`"channel_id":"marketing","click_action":{"type":3}`), protocol.ReasonNone, "T"},
		{"no click_action opens the app", hmsPayloadWith(`"importance":"LOW"`), protocol.ReasonNone, "T"},
		{"data message", `{"data":"{\"k\":1}"}`, protocol.ReasonVendorUnsupportedType, ""},
		{"not HMS", `[1]`, protocol.ReasonVendorUnsupportedType, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, got := huaweiSDK{}.render(hmsDevice(protocol.BrandHuawei), protocol.DeviceNotice{Payload: json.RawMessage(tc.payload)})
			if got != tc.want || (n != nil && n.Title != tc.title) {
				t.Fatalf("render = %+v, %q; want %q", n, got, tc.want)
			}
		})
	}
}

func TestHuaweiBadgeNeedsLauncherClass(t *testing.T) {
	for _, tc := range []struct {
		badge, applied, count string
	}{
		{`{"add_num":1,"class":"com.example.chat.MainActivity"}`, "true", "add_num"},
		{`{"set_num":0,"class":"com.example.chat.MainActivity"}`, "true", "set_num"},
		{`{"add_num":1,"class":"com.example.chat.SplashActivity"}`, "false", ""},
	} {
		d := hmsDevice(protocol.BrandHuawei)
		n, reason := huaweiSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Payload: json.RawMessage(hmsPayloadWith(`"badge":` + tc.badge + `,"click_action":{"type":3}`))})
		if reason != protocol.ReasonNone || n == nil {
			t.Fatalf("badge %s: the notification did not show (%q)", tc.badge, reason)
		}
		evs := d.cfg.Trace.Events()
		if len(evs) != 1 || evs[0].Details["action"] != "badge" || evs[0].Details["applied"] != tc.applied || evs[0].VendorMsgID != "m" {
			t.Fatalf("badge %s: events %+v", tc.badge, evs)
		}
		if _, ok := evs[0].Details[tc.count]; tc.count != "" && !ok {
			t.Errorf("badge %s: no %s in %v", tc.badge, tc.count, evs[0].Details)
		}
	}
}

func TestHuaweiRegisterStatus(t *testing.T) {
	sdk := huaweiSDK{}
	if !sdk.tokenOK(protocol.RegisterStatus{Code: "0", Token: "t"}) || sdk.tokenOK(protocol.RegisterStatus{Code: "907122036"}) ||
		sdk.tokenOK(protocol.RegisterStatus{Code: "0"}) {
		t.Error("tokenOK does not follow HMS's code 0")
	}
	if sdk.vendor() != protocol.VendorHuawei || !sdk.notificationsOnByDefault() || sdk.precheck(hmsDevice(protocol.BrandHuawei)) != protocol.ReasonNone {
		t.Error("huaweiSDK basics")
	}
}

func TestParseHMSIntentURI(t *testing.T) {
	for _, tc := range []struct {
		uri  string
		want Intent
		ok   bool
	}{
		{"intent://com.huawei.codelabpush/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;end",
			Intent{Data: "pushscheme://com.huawei.codelabpush/deeplink?"}, true},
		{"#Intent;component=com.rvr/.Activity;S.W=U;i.n=3;end",
			Intent{Package: "com.rvr", Component: "com.rvr.Activity", Extras: map[string]string{"W": "U", "n": "3"}}, true},
		{"intent:#Intent;action=a;category=c;package=p;S.%65xt=%7B%7D;end",
			Intent{Action: "a", Categories: []string{"c"}, Package: "p", Extras: map[string]string{"ext": "{}"}}, true},
		{"intent:#Intent;component=p;end", Intent{}, false},
		{"intent:#Intent;action=a", Intent{}, false},
		{"https://e.com", Intent{}, false},
	} {
		got, ok := parseHMSIntentURI(tc.uri)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseHMSIntentURI(%q) = %+v, %v; want %+v, %v", tc.uri, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzHMSRender: any pushed payload renders or is refused without
// panicking, and a rendered one can be tapped.
func FuzzHMSRender(f *testing.F) {
	for _, s := range []string{
		hmsPayloadWith(`"badge":{"add_num":"1","class":"p.MainActivity"},"click_action":{"type":1,"intent":"#Intent;component=p/.A;S.x=1;end"}`),
		hmsPayloadWith(`"click_action":{"type":"2","url":"https://e.com"}`), `{"notification":{"title":"t"},"android":{"notification":{}}}`,
		`{"data":"x"}`, `null`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		for _, sdk := range []vendorSDK{huaweiSDK{}, honorSDK{}} {
			d := hmsDevice(protocol.BrandHuawei)
			n, reason := sdk.render(d, protocol.DeviceNotice{MsgID: "m", Payload: json.RawMessage(payload)})
			if (n == nil) == (reason == protocol.ReasonNone) {
				t.Fatalf("render(%s) = %v, %q", payload, n, reason)
			}
			if n != nil {
				sdk.tap(d, *n)
			}
		}
	})
}

// FuzzParseHMSIntentURI: the parser never panics, and an intent it reads
// keeps its component within its package.
func FuzzParseHMSIntentURI(f *testing.F) {
	for _, s := range []string{
		"intent:#Intent;component=com.a/.Chat;S.k=v;end", "intent://x/y#Intent;scheme=s;end",
		"intent:#Intent;;end", "intent:#Intent;S.=;end", "#Intent;end", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, ok := parseHMSIntentURI(s)
		if !ok && !reflect.DeepEqual(in, Intent{}) {
			t.Fatalf("a refused URI %q returned %+v", s, in)
		}
		if ok && in.Component != "" && in.Package == "" {
			t.Fatalf("%q: component %q without a package", s, in.Component)
		}
	})
}

// The device reads what the Huawei and Honor mocks deliver for each IM
// console click action: the intent a tap starts and where ext lands.
func TestHMSFamilyReadsMockPayloads(t *testing.T) {
	const pkg = "com.example.chat"
	const ext = `{"conv":"c2c_bob"}`
	activity := protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: pkg + ".ChatActivity"}
	launcher := &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity",
		Extras: map[string]string{"ext": ext}}
	withExt := &Intent{Action: ActionView, Package: pkg, Component: pkg + ".ChatActivity", Extras: map[string]string{"ext": ext}}
	url := &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://example.com/a"}
	for _, tc := range []struct {
		name    string
		click   protocol.ClickAction
		android *protocol.AndroidInfo
		huawei  *Intent
		honor   *Intent
	}{
		{"open app", protocol.ClickAction{Action: protocol.ClickOpenApp}, nil, launcher, launcher},
		{"open activity, ext as intent param", activity, &protocol.AndroidInfo{ExtAsHuaweiIntentParam: 1}, withExt, withExt},
		{"open activity, ext as action param", activity, nil,
			&Intent{Action: ActionView, Package: pkg, Component: pkg + ".ChatActivity",
				Data: "pushscheme://com.example.chat/detail?ext=%7B%22conv%22%3A%22c2c_bob%22%7D"}, withExt},
		{"open url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, nil, url, url},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Android: tc.android,
				Cert: protocol.Certificate{Package: pkg, Click: tc.click}}
			if tc.click.CarriesExt() {
				req.Ext = ext
			}
			for _, side := range []struct {
				sdk     vendorSDK
				payload []byte
				want    *Intent
			}{
				{huaweiSDK{}, hmsDeliveredPayload(t, req), tc.huawei},
				{honorSDK{}, honorDeliveredPayload(t, req), tc.honor},
			} {
				d := hmsDevice(protocol.BrandHuawei)
				n, reason := side.sdk.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: side.payload})
				if reason != protocol.ReasonNone || n.Title != "Bob" || n.Body != "hi" {
					t.Fatalf("%s: render(%s) = %+v, %q", side.sdk.vendor(), side.payload, n, reason)
				}
				if got := side.sdk.tap(d, *n).Intent; !reflect.DeepEqual(got, side.want) {
					t.Errorf("%s: tap = %v\n want %v", side.sdk.vendor(), got, side.want)
				}
			}
		})
	}
}

// hmsDeliveredPayload is what the Huawei mock hands the device for req.
func hmsDeliveredPayload(t *testing.T, req protocol.PushRequest) []byte {
	t.Helper()
	b, _ := json.Marshal(huawei.RequestFor(req))
	parsed, err := huawei.ParseSendRequest(b)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Message.Token = nil
	out, _ := json.Marshal(parsed.Message)
	return out
}

// honorDeliveredPayload is what the Honor mock hands the device for req.
func honorDeliveredPayload(t *testing.T, req protocol.PushRequest) []byte {
	t.Helper()
	b, _ := json.Marshal(honor.MessageFor(req))
	parsed, err := honor.ParseSendMessage(b)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Token = nil
	out, _ := json.Marshal(parsed)
	return out
}
