package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestOPPORenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	d := &Device{cfg: Config{ID: "d", Brand: protocol.BrandOPPO, ROM: "coloros-13", Android: 13,
		App: AppConfig{Package: pkg, Channels: []string{"im"}}}}
	for _, tc := range []struct {
		name    string
		payload string
		intent  *Intent
	}{
		{"open app", `{"title":"T","content":"B","channel_id":"im","click_action_type":0,"action_parameters":"{\"ext\":\"x\"}"}`,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: map[string]string{"ext": "x"}}},
		{"activity by class name", `{"title":"T","content":"B","channel_id":"im","click_action_type":"4","click_action_activity":"com.example.chat.Chat","action_parameters":"{\"ext\":\"y\",\"n\":1}"}`,
			&Intent{Package: pkg, Component: "com.example.chat.Chat", Extras: map[string]string{"ext": "y", "n": "1"}}},
		{"web page", `{"title":"T","content":"B","channel_id":"im","click_action_type":2,"click_action_url":"https://e.com"}`,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com"}},
		{"page by intent action", `{"title":"T","content":"B","channel_id":"im","click_action_type":1,"click_action_activity":"com.example.chat.OPEN","action_parameters":{"ext":"z"}}`,
			&Intent{Action: "com.example.chat.OPEN", Package: pkg, Extras: map[string]string{"ext": "z"}}},
		{"intent scheme url", `{"title":"T","content":"B","channel_id":"im","click_action_type":5,"click_action_url":"intent:#Intent;component=com.example.chat/.Chat;S.from=push;end","action_parameters":"{\"ext\":\"w\"}"}`,
			&Intent{Package: pkg, Component: "com.example.chat.Chat", Extras: map[string]string{"from": "push", "ext": "w"}}},
		{"custom scheme url", `{"title":"T","content":"B","channel_id":"im","click_action_type":5,"click_action_url":"chat://c2c/bob"}`,
			&Intent{Action: ActionView, Data: "chat://c2c/bob", Package: pkg}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := oppoSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorOPPO {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := oppoSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if tap.ReceiverCalled {
				t.Error("the OPPO SDK has no click callback, but the receiver was called")
			}
		})
	}
}

func TestOPPOChannelRequiredFromAndroid8(t *testing.T) {
	for _, tc := range []struct {
		name     string
		android  int
		channels []string
		payload  string
		want     protocol.Reason
	}{
		{"created channel", 12, []string{"im"}, `{"title":"T","content":"B","channel_id":"im"}`, protocol.ReasonNone},
		{"channel the app never created", 12, []string{"other"}, `{"title":"T","content":"B","channel_id":"im"}`, protocol.ReasonChannelMissing},
		{"no channel in the payload", 8, []string{"im"}, `{"title":"T","content":"B"}`, protocol.ReasonChannelMissing},
		{"no channels before Android 8", 7, nil, `{"title":"T","content":"B"}`, protocol.ReasonNone},
		{"not JSON", 12, []string{"im"}, `{`, protocol.ReasonVendorUnsupportedType},
		{"unknown click type", 12, []string{"im"}, `{"title":"T","content":"B","channel_id":"im","click_action_type":3}`, protocol.ReasonVendorUnsupportedType},
	} {
		d := &Device{cfg: Config{Android: tc.android, App: AppConfig{Package: "p", Channels: tc.channels}}}
		if _, got := (oppoSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(tc.payload)}); got != tc.want {
			t.Errorf("%s: render = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestOPPODefaults(t *testing.T) {
	s := oppoSDK{}
	if s.notificationsOnByDefault() {
		t.Error("OPPO apps start with notifications on, want off")
	}
	if s.vendor() != protocol.VendorOPPO || !s.tokenOK(protocol.RegisterStatus{Code: "0", Token: "CN_x"}) ||
		s.tokenOK(protocol.RegisterStatus{Code: "14"}) || s.tokenOK(protocol.RegisterStatus{Code: "0"}) {
		t.Error("vendor or register status handling is wrong")
	}
	d := &Device{cfg: Config{App: AppConfig{Package: "p"}}}
	if r := s.precheck(d); r != protocol.ReasonNone {
		t.Errorf("precheck = %q", r)
	}
}

// FuzzOPPORender: any pushed payload renders or is refused without
// panicking, and a rendered one can be tapped.
func FuzzOPPORender(f *testing.F) {
	for _, s := range []string{
		`{"title":"T","content":"B","channel_id":"im","click_action_type":5,"click_action_url":"intent:#Intent;component=a/.B;end"}`,
		`{"title":"T","channel_id":"im","click_action_type":"1","click_action_activity":"x","action_parameters":"{\"a\":[1]}"}`,
		`{"channel_id":"im","action_parameters":{"ext":null}}`, `{"channel_id":"im","click_action_type":true}`, `null`,
	} {
		f.Add(s)
	}
	d := &Device{cfg: Config{Android: 12, App: AppConfig{Package: "p", Channels: []string{"im"}}}}
	f.Fuzz(func(t *testing.T, payload string) {
		n, reason := oppoSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(payload)})
		if (n == nil) == (reason == protocol.ReasonNone) {
			t.Fatalf("render(%s) = %v, %q", payload, n, reason)
		}
		if n != nil {
			oppoSDK{}.tap(d, *n)
		}
	})
}
