package harness_test

import (
	"context"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
)

// TestIMHeartbeatTimeout: with a shorter im.heartbeat_timeout, devices
// beat often enough to stay online, and a silently lost one becomes
// PushOnline that long after its last heartbeat, not before.
func TestIMHeartbeatTimeout(t *testing.T) {
	for _, timeout := range []time.Duration{0, 20 * time.Second} {
		t.Run(timeout.String(), func(t *testing.T) {
			want := timeout
			if want == 0 {
				want = 400 * time.Second
			}
			interval := want * 120 / 400
			harness.RunVirtual(t, func(ctx context.Context) {
				env, err := harness.Start(ctx, harness.Config{Seed: 3, IM: harness.IMConfig{HeartbeatTimeout: harness.Duration(timeout),
					Certificates: []harness.CertificateConfig{{ID: 1, Vendor: "meizu", Package: "com.example.chat", AppID: "1234512345123451234", AppKey: "1234512345123", AppSecret: "s3cr3t"}}},
					Devices: []harness.DeviceConfig{{ID: "p", Brand: "meizu", User: "u", App: harness.AppConfig{Package: "com.example.chat", Certificate: 1}}}})
				if err != nil {
					t.Fatal(err)
				}
				p := env.Phone("p")
				if err := p.Launch(); err != nil {
					t.Fatal(err)
				}
				if err := p.Login(); err != nil {
					t.Fatal(err)
				}
				env.Advance(3 * want)
				if st, _ := p.IMState(); st != "Online" {
					t.Fatalf("after %v with the network up the IM says %s, want Online", 3*want, st)
				}
				p.SetNetwork(false)
				lost := time.Now()
				for {
					env.Advance(time.Second)
					if st, _ := p.IMState(); st == "PushOnline" {
						break
					}
					if time.Since(lost) > 2*want {
						t.Fatalf("still not PushOnline %v after the network went", time.Since(lost))
					}
				}
				// Noticed between want-interval (the last beat came before the
				// cut) and want after the cut.
				if noticed := time.Since(lost); noticed < want-interval || noticed > want+time.Second {
					t.Errorf("noticed %v after the cut, want within (%v, %v]", noticed, want-interval, want)
				}
			})
		})
	}
}
