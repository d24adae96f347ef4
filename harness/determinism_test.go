package harness_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// runSeedFlow runs the seed's flow (two devices, a burst, a kill, a tap)
// and returns the trace as JSON.
func runSeedFlow(t *testing.T, seed uint64) []byte {
	t.Helper()
	var out bytes.Buffer
	harness.RunVirtual(t, func(ctx context.Context) {
		env, err := harness.Start(ctx, harness.Config{
			Seed: seed,
			IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
				ID: 6666, Vendor: "meizu", Package: "com.example.chat", AppID: "1234512345123451234",
				AppKey: "1234512345123", AppSecret: "s3cr3t", Click: protocol.ClickAction{Action: protocol.ClickOpenApp},
			}}},
			Devices: []harness.DeviceConfig{
				{ID: "alice-phone", Brand: "meizu", ROM: "flyme-9", User: "alice", App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}},
				{ID: "carol-phone", Brand: "meizu", ROM: "flyme-8", User: "carol", App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}},
			},
			Users: []string{"bob"},
		}, harness.WithVendors(protocol.VendorMeizu))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range env.DeviceIDs() {
			p := env.Phone(id)
			if err := p.Launch(); err != nil {
				t.Fatal(err)
			}
			if err := p.Login(); err != nil {
				t.Fatal(err)
			}
		}
		env.Advance(11 * time.Minute)
		for _, id := range env.DeviceIDs() {
			if err := env.Phone(id).Kill(); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 7; i++ {
			for _, to := range []string{"alice", "carol"} {
				if _, err := env.Send(harness.SendSpec{From: "bob", To: to, Text: "hello", Push: &harness.PushInfo{Ext: `{"n":1}`}}); err != nil {
					t.Fatal(err)
				}
			}
			env.Advance(3 * time.Second)
		}
		env.Advance(5 * time.Minute)
		if err := env.Trace().WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
	})
	return out.Bytes()
}

func TestSameSeedGivesByteIdenticalTraces(t *testing.T) {
	a := runSeedFlow(t, 42)
	b := runSeedFlow(t, 42)
	if !bytes.Equal(a, b) {
		t.Fatalf("two runs with seed 42 gave different traces (%d vs %d bytes)\nfirst:\n%s\nsecond:\n%s", len(a), len(b), a, b)
	}
	if !bytes.Contains(a, []byte(`"device.notify"`)) || !bytes.Contains(a, []byte(`"vendor_folded"`)) {
		t.Fatalf("the flow did not exercise delivery and folding:\n%s", a)
	}
	c := runSeedFlow(t, 43)
	if bytes.Equal(a, c) {
		t.Fatal("seeds 42 and 43 gave identical traces: the seed does not reach the random choices")
	}
}
