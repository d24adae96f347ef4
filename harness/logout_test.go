package harness_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
)

// TestLogoutOfAKilledAppFailsAndKeepsTheLogin checks that a killed app
// cannot log out (it runs no code), that the error says so, and that the
// IM login really stays: the instance is still PushOnline and a message
// still arrives as a notification. After a relaunch the app must log in
// before it can log out.
func TestLogoutOfAKilledAppFailsAndKeepsTheLogin(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, err := harness.Start(ctx, harness.Config{
			IM: harness.IMConfig{Certificates: []harness.CertificateConfig{{
				ID: 6666, Vendor: "meizu", Package: "com.example.chat", AppID: "1234512345123451234",
				AppKey: "1234512345123", AppSecret: "s3cr3t",
			}}},
			Devices: []harness.DeviceConfig{{ID: "alice-phone", Brand: "meizu", ROM: "flyme-9", User: "alice",
				App: harness.AppConfig{Package: "com.example.chat", Certificate: 6666}}},
			Users: []string{"bob"},
		}, harness.WithVendors(protocol.VendorMeizu))
		if err != nil {
			t.Fatal(err)
		}
		alice := env.Phone("alice-phone")
		for _, step := range []func() error{alice.Launch, alice.Login} {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		env.Advance(11 * time.Minute)
		if err := alice.Kill(); err != nil {
			t.Fatal(err)
		}

		err = alice.Logout()
		if !errors.Is(err, simulator.ErrNotRunning) {
			t.Fatalf("Logout() of a killed app = %v, want %v", err, simulator.ErrNotRunning)
		}
		for _, want := range []string{"logout alice-phone", "app not running", "killed", "login stays"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Logout() error %q lacks %q", err, want)
			}
		}
		if errors.Is(err, simulator.ErrNotLoggedIn) {
			t.Errorf("Logout() error %q claims the app is not logged in", err)
		}
		if state, _ := alice.IMState(); state != "PushOnline" {
			t.Errorf("IM state after a refused logout = %s, want PushOnline", state)
		}
		m1, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Text: "hi"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := alice.AwaitNotification(m1, m1.SentAt.Add(time.Minute)); err != nil {
			t.Errorf("the login should have stayed: %v (why not: %s)", err, alice.WhyNot(m1))
		}

		if err := alice.Launch(); err != nil {
			t.Fatal(err)
		}
		err = alice.Logout()
		if !errors.Is(err, simulator.ErrNotLoggedIn) || !strings.Contains(err.Error(), "log in first") {
			t.Errorf("Logout() after a relaunch without login = %v, want %v with a hint to log in first", err, simulator.ErrNotLoggedIn)
		}
		if err := alice.Login(); err != nil {
			t.Fatal(err)
		}
		if err := alice.Logout(); err != nil {
			t.Fatalf("Logout() of a running, logged-in app = %v", err)
		}
		if err := alice.Kill(); err != nil {
			t.Fatal(err)
		}
		if state, _ := alice.IMState(); state != "Offline" {
			t.Errorf("IM state after logout = %s, want Offline", state)
		}
	})
}
