package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// envConfig is one Meizu phone whose certificate is in effect at once and
// whose vendor answers within a few milliseconds.
func envConfig() harness.Config {
	now := harness.Duration(0)
	return harness.Config{
		Seed: 5,
		IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
			ID: 6666, Vendor: "meizu", Package: "com.example.chat",
			AppID: "1234512345123451234", AppKey: "1234512345123", AppSecret: "s3cr3t",
			Click:           protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"},
			ActivationDelay: &now,
		}}},
		Vendors: map[string]harness.VendorConfig{"meizu": {Latency: harness.LatencyConfig{
			Median: harness.Duration(2 * time.Millisecond), P99: harness.Duration(5 * time.Millisecond)}}},
		Devices: []harness.DeviceConfig{{ID: "alice-phone", Brand: "meizu", ROM: "flyme-9", User: "alice",
			App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}}},
		Users: []string{"bob"},
	}
}

// virtualClient starts envConfig in virtual time and returns a client that
// reaches it over the environment's in-memory network.
func virtualClient(t *testing.T, ctx context.Context) (*harness.Env, *client.Client) {
	t.Helper()
	env, err := harness.Start(ctx, envConfig(), harness.WithVendors(protocol.VendorMeizu))
	if err != nil {
		t.Fatal(err)
	}
	return env, client.New(env.URL()+"/", client.WithHTTPClient(env.HTTPClient()))
}

// bringUp launches, logs in and kills alice-phone, checking each answer.
func bringUp(t *testing.T, ctx context.Context, alice *client.DeviceHandle) {
	t.Helper()
	for _, step := range []func(context.Context) (client.Device, error){alice.Launch, alice.Login, alice.Kill} {
		if _, err := step(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// send sends bob → alice through the IM server's REST API.
func send(t *testing.T, env *harness.Env, text string) string {
	t.Helper()
	m, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: text,
		Push: &harness.PushInfo{Title: "Bob", Desc: text, Ext: `{"conv":"c2c_bob"}`}})
	if err != nil {
		t.Fatal(err)
	}
	return m.Key
}
