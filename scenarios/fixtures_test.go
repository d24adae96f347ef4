package scenarios_test

import (
	"context"
	"time"

	. "github.com/onsi/gomega"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// The seed's constants: certificate 6666, Meizu App ID and App Key.
const (
	certID    = 6666
	pkg       = "com.example.chat"
	mzAppID   = "1234512345123451234"
	mzAppKey  = "1234512345123"
	mzSecret  = "s3cr3t-meizu-app-secret"
	chatActiv = "com.example.chat.ChatActivity"
)

// meizuCert is the seed's Meizu certificate with the given click action.
func meizuCert(click protocol.ClickAction) harness.CertificateConfig {
	return harness.CertificateConfig{
		ID: certID, Vendor: "meizu", Package: pkg, AppID: mzAppID, AppKey: mzAppKey, AppSecret: mzSecret, Click: click,
	}
}

// alicePhone is a Flyme 9 Meizu phone with the chat app, user alice.
func alicePhone() harness.DeviceConfig {
	return harness.DeviceConfig{ID: "alice-phone", Brand: "meizu", ROM: "flyme-9", User: "alice",
		App: harness.AppConfig{Package: pkg, Certificate: certID}}
}

// seedConfig is the seed's flow: one Meizu certificate opening the app,
// alice's Meizu phone, and bob to send from.
func seedConfig(mods ...func(*harness.Config)) harness.Config {
	cfg := harness.Config{
		Seed:    rootSeed(),
		IM:      harness.IMConfig{Certificates: []harness.CertificateConfig{meizuCert(protocol.ClickAction{Action: protocol.ClickOpenApp})}},
		Devices: []harness.DeviceConfig{alicePhone()},
		Users:   []string{"bob"},
	}
	for _, m := range mods {
		m(&cfg)
	}
	return cfg
}

// start starts an environment in the spec's virtual-time bubble.
func start(ctx context.Context, cfg harness.Config) *harness.Env {
	env, err := harness.Start(ctx, cfg)
	Expect(err).NotTo(HaveOccurred())
	return env
}

// readyAndKilled launches and logs in, lets the certificate take effect,
// then kills the app: the state in which the seed expects pushes.
func readyAndKilled(env *harness.Env, p *harness.Phone) {
	Expect(p.Launch()).To(Succeed())
	Expect(p.Login()).To(Succeed())
	env.Advance(11 * time.Minute)
	Expect(p.Kill()).To(Succeed())
	Expect(p).To(harness.BeInIMState("PushOnline"))
}

// send sends a text message from bob to alice with OfflinePushInfo.
func send(env *harness.Env, ref string, push *harness.PushInfo) *harness.Message {
	m, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi " + ref, Push: push, As: ref})
	Expect(err).NotTo(HaveOccurred())
	return m
}
