package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestVivoRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	kept := true
	d := &Device{cfg: Config{ID: "d", Brand: protocol.BrandVivo, ROM: "originos-4", Android: 13,
		App: AppConfig{Package: pkg, ReceiverKept: &kept}}}
	for _, tc := range []struct {
		name    string
		payload string
		intent  *Intent
		content string // what the receiver heard, "" for no call
	}{
		{"home page", `{"title":"T","content":"B","skipType":1,"clientCustomMap":{"ext":"x"}}`,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: map[string]string{"ext": "x"}}, ""},
		{"in-app page", `{"title":"T","content":"B","skipType":"4","skipContent":"intent:#Intent;component=com.example.chat/com.example.chat.Chat;S.from=push;end","clientCustomMap":{"ext":"y"}}`,
			&Intent{Package: pkg, Component: "com.example.chat.Chat", Extras: map[string]string{"from": "push", "ext": "y"}}, ""},
		{"web page", `{"title":"T","content":"B","skipType":2,"skipContent":"https://e.com"}`,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}, ""},
		{"custom", `{"title":"T","content":"B","skipType":3,"skipContent":"chat:bob"}`, nil, "chat:bob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := vivoSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorVivo {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := vivoSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if tap.ReceiverCalled != (tc.content != "") || tap.SelfDefineContent != tc.content {
				t.Errorf("receiver = %v %q, want content %q", tap.ReceiverCalled, tap.SelfDefineContent, tc.content)
			}
		})
	}
}

func TestVivoShowsWithoutChannels(t *testing.T) {
	d := &Device{cfg: Config{Android: 13, App: AppConfig{Package: "p"}}}
	for _, tc := range []struct {
		payload string
		want    protocol.Reason
	}{
		{`{"title":"T","content":"B","skipType":1,"classification":0}`, protocol.ReasonNone},
		{`{"title":"T","content":"B","skipType":1,"classification":1}`, protocol.ReasonNone},
		{`{"title":"T","content":"B","skipType":9}`, protocol.ReasonVendorUnsupportedType},
		{`{"title":"T","content":"B","skipType":4,"skipContent":"com.example.Chat"}`, protocol.ReasonVendorUnsupportedType},
		{`[`, protocol.ReasonVendorUnsupportedType},
	} {
		if _, got := (vivoSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(tc.payload)}); got != tc.want {
			t.Errorf("render(%s) = %q, want %q", tc.payload, got, tc.want)
		}
	}
	s := vivoSDK{}
	if !s.notificationsOnByDefault() || s.vendor() != protocol.VendorVivo || !s.tokenOK(protocol.RegisterStatus{Code: "0", Token: "1"}) ||
		s.tokenOK(protocol.RegisterStatus{Code: "1", Token: "1"}) || s.precheck(d) != protocol.ReasonNone {
		t.Error("vivo SDK defaults are wrong")
	}
}

func TestVivoCustomClickWithoutReceiver(t *testing.T) {
	stripped := false
	d := &Device{cfg: Config{App: AppConfig{Package: "p", ReceiverKept: &stripped}}}
	n, _ := vivoSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(`{"title":"T","content":"B","skipType":3,"skipContent":"x"}`)})
	if tap := (vivoSDK{}).tap(d, *n); tap.ReceiverCalled || tap.Intent != nil {
		t.Errorf("tap = %+v, want nothing when the obfuscator stripped the receiver", tap)
	}
}

func TestParseIntentURI(t *testing.T) {
	for _, tc := range []struct {
		uri  string
		want Intent
		ok   bool
	}{
		{"intent:#Intent;component=com.a/.Chat;end", Intent{Package: "com.a", Component: "com.a.Chat"}, true},
		{"intent:#Intent;component=com.a/com.a.ui.Chat;S.k=a%20b;i.n=3;end", Intent{Package: "com.a", Component: "com.a.ui.Chat", Extras: map[string]string{"k": "a b", "n": "3"}}, true},
		{"intent:#Intent;launchFlags=0x4000000;action=com.a.OPEN;category=android.intent.category.DEFAULT;end",
			Intent{Action: "com.a.OPEN", Package: "p", Categories: []string{"android.intent.category.DEFAULT"}}, true},
		{"intent://chat/bob#Intent;scheme=app;package=com.a;end", Intent{Package: "com.a", Data: "app://chat/bob"}, true},
		{"intent://chat/bob#Intent;end", Intent{}, false},
		{"intent:#Intent;component=com.a;end", Intent{}, false},
		{"intent:#Intent;component=com.a/.Chat", Intent{}, false},
		{"intent:#Intent;end", Intent{}, false},
		{"intent:#Intent;S.k=%zz;component=com.a/.C;end", Intent{}, false},
		{"https://e.com", Intent{}, false},
		{"intent:#Intent;novalue;end", Intent{}, false},
		{"intent:#Intent;component=com.a/.Chatend", Intent{}, false},
	} {
		got, ok := parseIntentURI(tc.uri, "p")
		if ok != tc.ok || (ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("parseIntentURI(%q) = %+v, %v; want %+v, %v", tc.uri, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzParseIntentURI: intent URIs from pushed payloads never panic the
// device, and what parses names something to open.
func FuzzParseIntentURI(f *testing.F) {
	for _, s := range []string{
		"intent:#Intent;component=com.a/.Chat;S.k=v;end", "intent://x/y#Intent;scheme=s;end",
		"intent:#Intent;;;end", "intent:#Intent;S.=;end", "intent:", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, ok := parseIntentURI(s, "p")
		if ok && in.Component == "" && in.Action == "" && in.Data == "" {
			t.Fatalf("parseIntentURI(%q) = %+v opens nothing", s, in)
		}
	})
}

// FuzzVivoRender: any pushed payload renders or is refused without
// panicking, and a rendered one can be tapped.
func FuzzVivoRender(f *testing.F) {
	for _, s := range []string{
		`{"title":"T","content":"B","skipType":4,"skipContent":"intent:#Intent;component=a/.B;S.x=1;end","clientCustomMap":{"ext":"e"}}`,
		`{"title":"T","skipType":"3","skipContent":"c"}`, `{"skipType":2,"clientCustomMap":{"n":1}}`, `{"skipType":1,"clientCustomMap":[]}`, `null`,
	} {
		f.Add(s)
	}
	d := &Device{cfg: Config{Android: 12, App: AppConfig{Package: "p"}}}
	f.Fuzz(func(t *testing.T, payload string) {
		n, reason := vivoSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(payload)})
		if (n == nil) == (reason == protocol.ReasonNone) {
			t.Fatalf("render(%s) = %v, %q", payload, n, reason)
		}
		if n != nil {
			vivoSDK{}.tap(d, *n)
		}
	})
}
