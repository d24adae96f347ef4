package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func xiaomiDevice(android int, channels ...string) *Device {
	kept := true
	return &Device{cfg: Config{ID: "d", Brand: protocol.BrandXiaomi, ROM: "miui-14", Android: android,
		App: AppConfig{Package: "com.example.chat", ReceiverKept: &kept, Channels: channels}}}
}

func TestXiaomiRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	d := xiaomiDevice(12, "im")
	for _, tc := range []struct {
		name    string
		payload string
		click   string
		intent  *Intent
		content string
	}{
		{"launcher with ext",
			`{"title":"T","description":"B","extra":{"notify_effect":"1","channel_id":"im","ext":"x","sound_uri":"s"}}`,
			protocol.ClickOpenApp,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: map[string]string{"ext": "x"}}, "x"},
		{"no notify_effect opens the app",
			`{"title":"T","description":"B","extra":{"channel_id":"im"}}`,
			protocol.ClickOpenApp,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity"}, ""},
		{"intent_uri activity with S.ext",
			`{"title":"T","description":"B","extra":{"notify_effect":"2","channel_id":"im","ext":"y",` +
				`"intent_uri":"intent:#Intent;component=com.example.chat/.ChatActivity;S.ext=y;S.conv=c2c%20bob;end"}}`,
			protocol.ClickOpenActivity,
			&Intent{Package: pkg, Component: pkg + ".ChatActivity", Extras: map[string]string{"ext": "y", "conv": "c2c bob"}}, "y"},
		{"web page",
			`{"title":"T","description":"B","extra":{"notify_effect":"3","channel_id":"im","web_uri":"https://e.com"}}`,
			protocol.ClickOpenURL,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}, ""},
		{"intent_uri with an action only",
			`{"title":"T","description":"B","extra":{"notify_effect":"2","channel_id":"im","intent_uri":"intent:#Intent;action=com.example.OPEN;end"}}`,
			"custom",
			&Intent{Action: "com.example.OPEN", Package: pkg}, ""},
		{"unreadable intent_uri opens nothing",
			`{"title":"T","description":"B","extra":{"notify_effect":"2","channel_id":"im","intent_uri":"com.example.chat.Chat"}}`,
			"custom", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := xiaomiSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorXiaomi || n.Click.Kind != tc.click {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := xiaomiSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if !tap.ReceiverCalled || tap.SelfDefineContent != tc.content {
				t.Errorf("receiver = %v %q, want true %q", tap.ReceiverCalled, tap.SelfDefineContent, tc.content)
			}
		})
	}
}

func TestXiaomiChannelRequiredOnAndroid8(t *testing.T) {
	note := func(extra string) protocol.DeviceNotice {
		return protocol.DeviceNotice{MsgID: "m", Payload: json.RawMessage(`{"title":"T","description":"B","extra":{` + extra + `}}`)}
	}
	for _, tc := range []struct {
		name     string
		android  int
		channels []string
		extra    string
		want     protocol.Reason
	}{
		{"Android 12, channel created", 12, []string{"im"}, `"channel_id":"im"`, protocol.ReasonNone},
		{"Android 12, no channel_id", 12, []string{"im"}, ``, protocol.ReasonChannelMissing},
		{"Android 12, channel not created", 12, []string{"other"}, `"channel_id":"im"`, protocol.ReasonChannelMissing},
		{"Android 8, no channel_id", 8, nil, ``, protocol.ReasonChannelMissing},
		{"Android 7, no channel_id", 7, nil, ``, protocol.ReasonNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, reason := xiaomiSDK{}.render(xiaomiDevice(tc.android, tc.channels...), note(tc.extra))
			if reason != tc.want {
				t.Errorf("render reason = %q, want %q", reason, tc.want)
			}
		})
	}
}

func TestXiaomiPassThroughAndGarbage(t *testing.T) {
	d := xiaomiDevice(12, "im")
	for _, p := range []string{`{"passThrough":1,"content":"x","extra":{"channel_id":"im"}}`, `[]`, `not json`} {
		if _, reason := (xiaomiSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(p)}); reason != protocol.ReasonVendorUnsupportedType {
			t.Errorf("render(%s) = %q, want vendor_unsupported_type", p, reason)
		}
	}
}

func TestXiaomiReceiverStripped(t *testing.T) {
	stripped := false
	d := xiaomiDevice(12, "im")
	d.cfg.App.ReceiverKept = &stripped
	n, _ := xiaomiSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(`{"title":"T","description":"B","extra":{"channel_id":"im","ext":"x"}}`)})
	tap := xiaomiSDK{}.tap(d, *n)
	if tap.ReceiverCalled || tap.SelfDefineContent != "" || tap.Intent == nil || tap.Intent.Extras["ext"] != "x" {
		t.Errorf("tap with the receiver stripped = %+v, want the launcher with ext and no receiver", tap)
	}
}

func TestXiaomiRegisterStatus(t *testing.T) {
	sdk := xiaomiSDK{}
	if sdk.vendor() != protocol.VendorXiaomi || !sdk.notificationsOnByDefault() || sdk.precheck(xiaomiDevice(12)) != protocol.ReasonNone {
		t.Error("vendor, notification default or precheck")
	}
	for _, tc := range []struct {
		st   protocol.RegisterStatus
		want bool
	}{
		{protocol.RegisterStatus{Code: "0", Token: "t"}, true},
		{protocol.RegisterStatus{Code: "0"}, false},
		{protocol.RegisterStatus{Code: "70000004", Token: "t"}, false},
		{protocol.RegisterStatus{Code: "200", Token: "t"}, false},
	} {
		if got := sdk.tokenOK(tc.st); got != tc.want {
			t.Errorf("tokenOK(%+v) = %v, want %v", tc.st, got, tc.want)
		}
	}
}

func TestParseXiaomiIntentURI(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want xiaomiIntent
		ok   bool
	}{
		{"intent:#Intent;component=p/.A;S.ext=%7B%7D;end", xiaomiIntent{Component: "p.A", Extras: map[string]string{"ext": "{}"}}, true},
		{"intent://e.com/x#Intent;scheme=https;action=a;category=c;end", xiaomiIntent{Action: "a", Categories: []string{"c"}, Data: "https://e.com/x"}, true},
		{"intent:#Intent;S.x=send", xiaomiIntent{}, false},
		{"intent:#Intent;component=nopkg;end", xiaomiIntent{}, false},
		{"intent:#Intent;S.x=%zz;end", xiaomiIntent{}, false},
		{"p.A", xiaomiIntent{}, false},
	} {
		got, err := parseXiaomiIntentURI(tc.in)
		if (err == nil) != tc.ok || (tc.ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("parseXiaomiIntentURI(%q) = %+v, %v; want %+v ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// FuzzParseXiaomiIntentURI: the device never panics on a pushed intent URI.
func FuzzParseXiaomiIntentURI(f *testing.F) {
	for _, s := range []string{"intent:#Intent;component=p/.A;S.ext=x;end", "intent:%zz#Intent;end", "intent:#Intent;=;end"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, err := parseXiaomiIntentURI(s)
		if err == nil && in.Component != "" && in.Component[0] == '/' {
			t.Fatalf("component %q", in.Component)
		}
	})
}

// FuzzXiaomiRender: the device never panics on a pushed payload, and a
// shown notification always has a tap.
func FuzzXiaomiRender(f *testing.F) {
	for _, s := range []string{
		`{"title":"T","description":"B","extra":{"notify_effect":"2","channel_id":"im","intent_uri":"intent:#Intent;component=p/.A;end"}}`,
		`{"passThrough":"1"}`, `{"extra":{"notify_effect":"3"}}`, `null`,
	} {
		f.Add(s)
	}
	d := xiaomiDevice(12, "im")
	f.Fuzz(func(t *testing.T, payload string) {
		n, reason := xiaomiSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(payload)})
		if reason != protocol.ReasonNone {
			return
		}
		if n.Click.Kind == "" {
			t.Fatalf("shown without a click kind: %+v", n)
		}
		_ = xiaomiSDK{}.tap(d, *n)
	})
}
