package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

func TestAppleRenderAndTap(t *testing.T) {
	const bundle = "com.example.chat"
	kept, stripped := true, false
	d := &Device{cfg: Config{ID: "iphone", Brand: protocol.BrandApple, App: AppConfig{Package: bundle, ReceiverKept: &kept}}}
	for _, tc := range []struct {
		name        string
		payload     string
		title, body string
		extras      map[string]string
	}{
		{"dictionary alert with ext", `{"aps":{"alert":{"title":"T","subtitle":"S","body":"B"},"badge":1},"ext":"x"}`, "T", "B", map[string]string{"ext": "x"}},
		{"string alert", `{"aps":{"alert":"B","sound":"default"}}`, "", "B", nil},
		{"routing keys", `{"aps":{"alert":{"title":"T","body":"B"}},"url":"https://e.com","n":{"a":1}}`, "T", "B",
			map[string]string{"url": "https://e.com", "n": `{"a":1}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, reason := appleSDK{}.render(d, protocol.DeviceNotice{MsgID: "m", Package: bundle, Payload: json.RawMessage(tc.payload)})
			if reason != protocol.ReasonNone || n.Title != tc.title || n.Body != tc.body || n.Click.Kind != protocol.ClickOpenApp {
				t.Fatalf("render = %+v, %q", n, reason)
			}
			tap := appleSDK{}.tap(d, *n)
			want := &Intent{Action: ActionOpenApp, Package: bundle, Extras: tc.extras}
			if !reflect.DeepEqual(tap.Intent, want) {
				t.Errorf("intent = %+v, want %+v", tap.Intent, want)
			}
			if !tap.ReceiverCalled || tap.SelfDefineContent != tc.extras["ext"] {
				t.Errorf("delegate = %v %q", tap.ReceiverCalled, tap.SelfDefineContent)
			}
		})
	}
	for _, payload := range []string{`{"aps":{"content-available":1},"ext":"x"}`, `{"aps":{"alert":5}}`, `"x"`, `{}`} {
		if _, reason := (appleSDK{}).render(d, protocol.DeviceNotice{Payload: json.RawMessage(payload)}); reason != protocol.ReasonVendorUnsupportedType {
			t.Errorf("render(%s) = %q, want vendor_unsupported_type", payload, reason)
		}
	}
	d.cfg.App.ReceiverKept = &stripped
	n, _ := appleSDK{}.render(d, protocol.DeviceNotice{Payload: json.RawMessage(`{"aps":{"alert":"B"},"ext":"x"}`)})
	if tap := (appleSDK{}).tap(d, *n); tap.ReceiverCalled || tap.Intent.Extras["ext"] != "x" {
		t.Errorf("tap without a delegate = %+v", tap)
	}
	if !(appleSDK{}).tokenOK(protocol.RegisterStatus{Code: "OK", Token: "t"}) || (appleSDK{}).tokenOK(protocol.RegisterStatus{Code: "3000"}) {
		t.Error("tokenOK does not read the APNs register status")
	}
	if (appleSDK{}).precheck(d) != protocol.ReasonNone || !(appleSDK{}).notificationsOnByDefault() || (appleSDK{}).vendor() != protocol.VendorAPNs {
		t.Error("Apple device defaults")
	}
}
