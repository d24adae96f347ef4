package harness_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// TestVivoClassificationDefaultsToSystem: fakeim sends vivo what Tencent
// IM sends, classification 1 (system) unless AndroidInfo.VIVOClassification
// says otherwise, although vivo's own default is 0 (operational).
func TestVivoClassificationDefaultsToSystem(t *testing.T) {
	zero, one := 0, 1
	for _, tc := range []struct {
		name string
		push *harness.PushInfo
		want int
	}{
		{"no OfflinePushInfo", nil, 1},
		{"no AndroidInfo", &harness.PushInfo{Title: "Bob", Desc: "hi"}, 1},
		{"AndroidInfo without VIVOClassification", &harness.PushInfo{Desc: "hi", Android: &protocol.AndroidInfo{XiaoMiChannelID: "im"}}, 1},
		{"VIVOClassification 1", &harness.PushInfo{Desc: "hi", Android: &protocol.AndroidInfo{VIVOClassification: &one}}, 1},
		{"VIVOClassification 0", &harness.PushInfo{Desc: "hi", Android: &protocol.AndroidInfo{VIVOClassification: &zero}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			harness.RunVirtual(t, func(ctx context.Context) {
				now := harness.Duration(0)
				env, err := harness.Start(ctx, harness.Config{
					Seed: 3,
					IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{ID: 7777, Vendor: "vivo", Package: "com.example.chat",
						AppID: "10004", AppKey: "vivo-app-key", AppSecret: "vivo-secret", ActivationDelay: &now}}},
					Devices: []harness.DeviceConfig{{ID: "v", Brand: "vivo", User: "alice",
						App: harness.AppConfig{Package: "com.example.chat", Certificate: 7777}}},
					Users: []string{"bob"},
				}, harness.WithVendors(protocol.VendorVivo))
				if err != nil {
					t.Fatal(err)
				}
				p := env.Phone("v")
				for _, step := range []func() error{p.Launch, p.Login, p.Kill} {
					if err := step(); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi", Push: tc.push}); err != nil {
					t.Fatal(err)
				}
				env.Settle()
				vivo, _ := env.Vendor(protocol.VendorVivo)
				got := vivo.Messages().List()
				if len(got) != 1 {
					t.Fatalf("vivo received %d messages, want 1", len(got))
				}
				var body struct {
					Classification *int `json:"classification"`
				}
				if err := json.Unmarshal([]byte(got[0].Params["body"]), &body); err != nil || body.Classification == nil || *body.Classification != tc.want {
					t.Fatalf("vivo /message/send body %s: classification %v, want %d", got[0].Params["body"], body.Classification, tc.want)
				}
			})
		})
	}
}
