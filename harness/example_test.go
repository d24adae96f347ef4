package harness_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// The seed's flow on an embedded environment: register at launch, report
// the token after login, get a Meizu notification while killed, tap it.
// Outside a virtual-time bubble the environment runs in real time, so this
// example makes the certificate take effect at once and the vendor fast.
func ExampleStart() {
	now := harness.Duration(0)
	env, err := harness.Start(context.Background(), harness.Config{
		Seed: 7,
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
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer env.Close()

	alice := env.Phone("alice-phone")
	for _, step := range []func() error{alice.Launch, alice.Login, alice.Kill} {
		if err := step(); err != nil {
			fmt.Println(err)
			return
		}
	}
	state, cause := alice.IMState()
	fmt.Println("IM state:", state, cause)

	m1, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi",
		Push: &harness.PushInfo{Title: "Bob", Desc: "hi there", Ext: `{"conv":"c2c_bob"}`}})
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := alice.AwaitNotification(m1, time.Now().Add(10*time.Second))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("notification: %s / %s\n", n.Title, n.Body)
	tap, err := alice.Tap(m1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("tap opens:", tap.Intent.Component, "ext =", tap.Intent.Extras["ext"])
	// Output:
	// IM state: PushOnline LinkClose
	// notification: Bob / hi there
	// tap opens: com.example.chat.ChatActivity ext = {"conv":"c2c_bob"}
}
