package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestGoogleRenderAndTap(t *testing.T) {
	const pkg = "com.example.chat"
	d := &Device{cfg: Config{ID: "pixel", Brand: protocol.BrandGoogle, Android: 14, App: AppConfig{Package: pkg}}}
	meta := `"from":"pushsim-demo","google.message_id":"0:1%ab","collapse_key":"com.example.chat","gcm.n.e":"1","gcm.n.title":"T","gcm.n.body":"B"`
	extras := func(kv ...string) map[string]string {
		m := map[string]string{"from": "pushsim-demo", "google.message_id": "0:1%ab", "collapse_key": pkg}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name    string
		payload string
		intent  *Intent
	}{
		{"launcher with ext", `{` + meta + `,"ext":"x"}`,
			&Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Component: pkg + ".MainActivity", Extras: extras("ext", "x")}},
		{"activity by click_action", `{` + meta + `,"gcm.n.click_action":"com.example.chat.ChatActivity","gcm.n.android_channel_id":"missing","ext":"y"}`,
			&Intent{Action: "com.example.chat.ChatActivity", Package: pkg, Component: "com.example.chat.ChatActivity", Extras: extras("ext", "y")}},
		{"custom action", `{` + meta + `,"gcm.n.click_action":"OPEN_CHAT"}`,
			&Intent{Action: "OPEN_CHAT", Package: pkg, Extras: extras()}},
		{"url", `{` + meta + `,"gcm.n.click_action":"android.intent.action.VIEW","url":"https://e.com"}`,
			&Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: "https://e.com", Extras: extras("url", "https://e.com")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := googleSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != "T" || n.Body != "B" || n.Vendor != protocol.VendorFCM {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := googleSDK{}.tap(d, *n)
			if !reflect.DeepEqual(tap.Intent, tc.intent) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, tc.intent)
			}
			if tap.ReceiverCalled {
				t.Error("FCM called a receiver on tap")
			}
		})
	}
	for _, payload := range []string{`{"from":"p","k":"v"}`, `[]`, `{"gcm.n.e":1}`} {
		if _, reason := (googleSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(payload)}); reason != protocol.ReasonVendorUnsupportedType {
			t.Errorf("render(%s) = %q, want vendor_unsupported_type (a data message)", payload, reason)
		}
	}
	if !(googleSDK{}).tokenOK(protocol.RegisterStatus{Code: "OK", Token: "t"}) || (googleSDK{}).tokenOK(protocol.RegisterStatus{Code: "INVALID_SENDER"}) {
		t.Error("tokenOK does not read FCM's register status")
	}
	if (googleSDK{}).precheck(d) != protocol.ReasonNone || !(googleSDK{}).notificationsOnByDefault() || (googleSDK{}).vendor() != protocol.VendorFCM {
		t.Error("Google device defaults")
	}
}
