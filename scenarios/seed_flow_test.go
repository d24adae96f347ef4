package scenarios_test

import (
	"context"
	"net/http"
	"net/url"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

var _ = Describe("The seed's Meizu offline-push flow", Label("vendor:meizu"), func() {

	Describe("1. the vendor app: package name, App ID, App Secret", func() {
		It("registers a device whose app matches the vendor app", Label("smoke"), func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Device().State().Token).NotTo(BeEmpty())
		})

		It("refuses a registration whose package differs from the vendor app's", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.Package = "com.example.other" }))
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Device().State().Token).To(BeEmpty())
			Expect(tokenReasons(env, "alice-phone")).To(ContainElement(protocol.ReasonRegistrationFailed))
		})
	})

	Describe("2. the certificate: stored with an ID, in effect within 10 minutes", func() {
		It("pushes nothing before the certificate takes effect and pushes after", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			Expect(alice.Kill()).To(Succeed())

			early := send(env, "early", nil)
			Expect(alice).To(harness.MissNotification(early).For(time.Minute).Because(protocol.ReasonCertificateInactive))

			env.Advance(10 * time.Minute)
			late := send(env, "late", nil)
			Expect(alice).To(harness.ReceiveNotification(late))
		})

		It("keeps the old click action until a changed certificate takes effect", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			changed := meizuCert(protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/inbox"})
			Expect(env.AddCertificate(changed)).To(Succeed())

			m1 := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m1))
			Expect(alice.Tap(m1)).To(harness.OpenIntent(harness.Action(simulator.ActionMain)))
			// The tap opened the app, which logged in again: kill it again.
			Expect(alice).To(harness.BeInIMState("Online"))
			Expect(alice.Kill()).To(Succeed())

			env.Advance(10 * time.Minute)
			m2 := send(env, "m2", nil)
			Expect(alice).To(harness.ReceiveNotification(m2))
			Expect(alice.Tap(m2)).To(harness.OpenIntent(harness.Action(simulator.ActionView), harness.URL("https://example.com/inbox")))
		})

		It("reports a token bound to an unknown certificate ID as certificate_missing", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				// The app ships the right Meizu credentials but a wrong certificate ID constant.
				c.Devices[0].App.Certificate = 7777
				c.Devices[0].App.AppID, c.Devices[0].App.AppKey = mzAppID, mzAppKey
			}))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonCertificateMissing))
		})

		It("refuses a URL click action that is not http or https", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			err := env.AddCertificate(meizuCert(protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "ftp://example.com/x"}))
			Expect(err).To(MatchError(ContainSubstring("http:// or https://")))
		})
	})

	Describe("3. registration at launch: only on Meizu, with matching credentials, receiver kept", func() {
		It("gets the PushId in onRegisterStatus at launch", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(tokenSteps(env, "alice-phone")).To(ContainElement("onRegisterStatus"))
		})

		It("does not register on another brand", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].Brand = "xiaomi"; c.Devices[0].ROM = "" }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonWrongBrand))
		})

		It("fails registration with a wrong App Key", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.AppKey = "not-the-key" }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonRegistrationFailed))
		})

		It("never hears its token when the obfuscator stripped the receiver", func(ctx SpecContext) {
			stripped := false
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.ReceiverKept = &stripped }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonReceiverStripped))
		})
	})

	Describe("4. token report: after login, never empty, late tokens reported when they land", func() {
		It("does not report the token before login, and reports it right after", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(tokenNotes(env, "alice-phone")).To(ContainElement("not logged in, ignored"))
			Expect(alice.Device().State().Reported).To(BeFalse())
			Expect(alice.Login()).To(Succeed())
			Expect(alice.Device().State().Reported).To(BeTrue())
		})

		It("does not report an empty token", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.AppID = "999" }))
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			Expect(tokenNotes(env, "alice-phone")).To(ContainElement("third-party token is empty, not reported"))
			Expect(alice.Device().State().Reported).To(BeFalse())
		})

		It("reports a token that lands after login, then gets pushes", func(ctx SpecContext) {
			delay := harness.Duration(45 * time.Second)
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.RegisterDelay = &delay }))
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			Expect(alice.Device().State().Reported).To(BeFalse())
			env.Advance(time.Minute)
			Expect(alice.Device().State().Reported).To(BeTrue())
			env.Advance(10 * time.Minute)
			Expect(alice.Kill()).To(Succeed())
			m := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m))
		})
	})

	Describe("5. killed but logged in gets pushes; logged out or kicked gets none", func() {
		It("delivers a vendor notification to a killed app", Label("smoke"), func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", &harness.PushInfo{Title: "Bob", Desc: "hi there"})
			Expect(alice).To(harness.ReceiveNotification(m).WithTitle("Bob").WithBody("hi there"))
		})

		It("delivers online, not by push, while the app is in the foreground", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			env.Advance(11 * time.Minute)
			m := send(env, "m1", nil)
			Expect(alice.AwaitOnlineMessage(m, time.Second)).To(Succeed())
			Expect(alice).To(harness.MissNotification(m).For(time.Minute).Because(protocol.ReasonDeliveredOnline))
		})

		It("sends nothing after logout", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			env.Advance(11 * time.Minute)
			Expect(alice.Logout()).To(Succeed())
			Expect(alice.Kill()).To(Succeed())
			Expect(alice).To(harness.BeInIMState("Offline"))
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonLoggedOut))
		})

		It("sends nothing after a login on another phone of the same platform kicked this one", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				second := alicePhone()
				second.ID = "alice-new-phone"
				c.Devices = append(c.Devices, second)
			}))
			alice, second := env.Phone("alice-phone"), env.Phone("alice-new-phone")
			readyAndKilled(env, alice)
			Expect(second.Launch()).To(Succeed())
			Expect(second.Login()).To(Succeed())
			Expect(alice).To(harness.BeInIMState("Offline"))
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonKicked))
			Expect(second.AwaitOnlineMessage(m, time.Second)).To(Succeed())
		})

		It("sends nothing after a REST kick", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			Expect(env.Kick("alice")).To(Succeed())
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonKicked))
		})

		It("pushes only after the 400 s heartbeat timeout when the network is lost silently", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			// Heartbeats go every 2 minutes from login; the last one before
			// the cut is at 12m, so the server times out at 12m+400s.
			env.Advance(12*time.Minute + time.Second)
			alice.SetNetwork(false)
			env.Advance(398 * time.Second)
			Expect(alice).To(harness.BeInIMState("Online"))
			lost := send(env, "lost", nil)
			Expect(routeDecision(env, lost, "alice-phone")).To(Equal(protocol.ReasonDeliveredOnline))

			env.Advance(2 * time.Second)
			Expect(alice).To(harness.BeInIMState("PushOnline"))
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).For(time.Minute).Because(protocol.ReasonDeviceNetworkDown))
			alice.SetNetwork(true)
			Expect(alice).To(harness.ReceiveNotification(m).Within(3 * time.Minute))
		})

		It("pushes while connected after doBackground, and stops after doForeground", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			env.Advance(11 * time.Minute)
			Expect(alice.Background()).To(Succeed())
			Expect(alice).To(harness.BeInIMState("Background"))
			m1 := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m1))
			Expect(alice.AwaitOnlineMessage(m1, time.Second)).To(Succeed())

			Expect(alice.Foreground()).To(Succeed())
			m2 := send(env, "m2", nil)
			Expect(alice).To(harness.MissNotification(m2).For(time.Minute).Because(protocol.ReasonDeliveredOnline))
		})
	})

	Describe("6. Meizu: notification bar only, old Flyme permissions, no guarantee, folding", func() {
		It("folds the sixth message to one device within a minute", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			var burst []*harness.Message
			for _, ref := range []string{"b1", "b2", "b3", "b4", "b5", "b6"} {
				burst = append(burst, send(env, ref, nil))
				env.Advance(5 * time.Second)
			}
			for _, m := range burst[:5] {
				Expect(alice).To(harness.ReceiveNotification(m))
			}
			Expect(alice).To(harness.MissNotification(burst[5]).Because(protocol.ReasonVendorFolded))

			env.Advance(time.Minute)
			after := send(env, "after", nil)
			Expect(alice).To(harness.ReceiveNotification(after))
		})

		It("refuses pass-through messages and carries no custom sound", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			client := meizu.NewClient(env.VendorURL(protocol.VendorMeizu), env.HTTPClient())
			params := url.Values{"appId": {mzAppID}, "pushIds": {alice.Device().State().Token},
				"messageJson": {`{"title":"t","content":"pass-through"}`}}
			resp, err := client.Call(context.Background(), http.MethodPost, meizu.PathUnvarnishedByPushID, params, mzSecret)
			Expect(err).NotTo(HaveOccurred())
			Expect(resp.Code).To(Equal("110053"), "pass-through is restricted for new apps")

			m := send(env, "m1", &harness.PushInfo{Desc: "ring ring", Android: &protocol.AndroidInfo{Sound: "custom_ring"}})
			Expect(alice).To(harness.ReceiveNotification(m))
			mz, _ := env.Vendor(protocol.VendorMeizu)
			received := mz.Messages().List()
			Expect(received).NotTo(BeEmpty())
			Expect(received[len(received)-1].Params["messageJson"]).NotTo(ContainSubstring("custom_ring"))
		})

		It("gets nothing on Flyme 4 without the Meizu push permissions", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				c.Devices[0].ROM = "flyme-4"
				c.Devices[0].App.Permissions = []string{"android.permission.INTERNET"}
			}))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonPermissionMissing))
		})

		It("works on Flyme 4 with the seed's permissions", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].ROM = "flyme-4" }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m))
		})

		It("loses messages the vendor drops, and says so", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Vendors = map[string]harness.VendorConfig{"meizu": {DropRate: 1}} }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonVendorDropped))
		})

		It("delivers late when the vendor is slow", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				c.Vendors = map[string]harness.VendorConfig{"meizu": {Latency: harness.LatencyConfig{
					Median: harness.Duration(2 * time.Minute), P99: harness.Duration(3 * time.Minute)}}}
			}))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).NotTo(harness.ReceiveNotification(m).Within(time.Minute))
			Expect(alice).To(harness.ReceiveNotification(m).Within(10 * time.Minute))
		})

		It("fails a push signed with the wrong App Secret as vendor_auth_failed", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			wrong := meizuCert(protocol.ClickAction{Action: protocol.ClickOpenApp})
			wrong.AppSecret = "not-the-secret"
			zero := harness.Duration(0)
			wrong.ActivationDelay = &zero
			Expect(env.AddCertificate(wrong)).To(Succeed())
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonVendorAuthFailed))
		})

		It("fails a push to a PushId the vendor no longer knows as vendor_token_invalid", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			Expect(alice.Uninstall()).To(Succeed())
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonVendorTokenInvalid))
		})

		It("gets a new PushId after uninstall and reinstall, and pushes work again", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			first := alice.Device().State()
			Expect(alice.Reinstall()).To(Succeed())
			Expect(alice.Launch()).To(Succeed())
			Expect(alice.Login()).To(Succeed())
			Expect(alice.Device().State().Token).NotTo(Equal(first.Token))
			Expect(alice.Kill()).To(Succeed())
			m := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m))
		})

		It("shows nothing when the user turned the app's notifications off", func(ctx SpecContext) {
			off := false
			env := start(ctx, seedConfig(func(c *harness.Config) { c.Devices[0].App.NotificationsEnabled = &off }))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.MissNotification(m).Because(protocol.ReasonNotificationsDisabled))
		})
	})

	Describe("7. tap: open the app, a URL or an Activity; ext only for app and Activity", func() {
		const ext = `{"conv":"c2c_bob"}`

		It("opens the app with ext in the launcher intent and the receiver", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", &harness.PushInfo{Title: "Bob", Desc: "hi", Ext: ext})
			Expect(alice).To(harness.ReceiveNotification(m))
			Expect(alice.Tap(m)).To(harness.OpenIntent(
				harness.Action(simulator.ActionMain), harness.Component(pkg+".MainActivity"),
				harness.WithExtra("ext", ext), harness.ReceiverContent(ext)))
		})

		It("opens a URL with a VIEW intent and drops ext", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				c.IM.Certificates[0].Click = protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/news"}
			}))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", &harness.PushInfo{Desc: "news", Ext: ext})
			Expect(alice).To(harness.ReceiveNotification(m))
			Expect(alice.Tap(m)).To(harness.OpenIntent(
				harness.Action(simulator.ActionView), harness.URL("https://example.com/news"), harness.WithoutExtra("ext")))
		})

		It("opens the named Activity with ext", func(ctx SpecContext) {
			env := start(ctx, seedConfig(func(c *harness.Config) {
				c.IM.Certificates[0].Click = protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: chatActiv}
			}))
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", &harness.PushInfo{Desc: "hi", Ext: ext})
			Expect(alice).To(harness.ReceiveNotification(m))
			Expect(alice.Tap(m)).To(harness.OpenIntent(
				harness.Component(chatActiv), harness.WithExtra("ext", ext), harness.ReceiverContent(ext)))
		})
	})

	Describe("8. the default title", func() {
		It("titles a push without a Title 'a new message'", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m).WithTitle("a new message").WithBody("hi m1"))
		})

		It("pushes nothing for PushFlag 1 or a custom message without Desc", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			flagged := send(env, "flagged", &harness.PushInfo{Flag: 1})
			Expect(alice).To(harness.MissNotification(flagged).For(time.Minute).Because(protocol.ReasonPushDisabled))
			custom, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Custom: &harness.CustomElem{Data: `{"t":1}`}, As: "custom"})
			Expect(err).NotTo(HaveOccurred())
			Expect(alice).To(harness.MissNotification(custom).For(time.Minute).Because(protocol.ReasonNoPushText))
			described, err := env.Send(harness.SendSpec{From: "bob", To: "alice", Custom: &harness.CustomElem{Data: `{"t":2}`},
				Push: &harness.PushInfo{Desc: "you have a call"}, As: "described"})
			Expect(err).NotTo(HaveOccurred())
			Expect(alice).To(harness.ReceiveNotification(described).WithBody("you have a call"))
		})
	})

	Describe("9. troubleshooting from the trace", func() {
		It("answers every checklist question for a healthy device", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			readyAndKilled(env, alice)
			m := send(env, "m1", nil)
			Expect(alice).To(harness.ReceiveNotification(m))
			checks := env.Troubleshoot("alice-phone")
			Expect(checks).To(HaveLen(5))
			for _, c := range checks {
				Expect(c.OK).To(BeTrue(), "%s — %s", c.Question, c.Evidence)
			}
		})

		It("points at the unreported token when the app never logged in", func(ctx SpecContext) {
			env := start(ctx, seedConfig())
			alice := env.Phone("alice-phone")
			Expect(alice.Launch()).To(Succeed())
			env.Advance(11 * time.Minute)
			checks := env.Troubleshoot("alice-phone")
			Expect(checks[0].OK).To(BeTrue(), checks[0].Evidence)
			Expect(checks[1].OK).To(BeTrue(), checks[1].Evidence)
			Expect(checks[2].OK).To(BeFalse())
			Expect(checks[2].Evidence).To(ContainSubstring("not logged in"))
		})
	})
})

// tokenReasons lists the reasons of the device's token events.
func tokenReasons(env *harness.Env, device string) []protocol.Reason {
	var out []protocol.Reason
	for _, e := range env.Trace().Events() {
		if e.Device == device && e.Kind == trace.DeviceToken && e.Reason != "" {
			out = append(out, e.Reason)
		}
	}
	return out
}

// tokenSteps lists the steps of the device's token events.
func tokenSteps(env *harness.Env, device string) []string {
	var out []string
	for _, e := range env.Trace().Events() {
		if e.Device == device && e.Kind == trace.DeviceToken {
			out = append(out, e.Detail("step"))
		}
	}
	return out
}

// tokenNotes lists the notes of the device's token events.
func tokenNotes(env *harness.Env, device string) []string {
	var out []string
	for _, e := range env.Trace().Events() {
		if e.Device == device && e.Kind == trace.DeviceToken && e.Detail("note") != "" {
			out = append(out, e.Detail("note"))
		}
	}
	return out
}

// routeDecision is the reason fakeim routed m to the device with.
func routeDecision(env *harness.Env, m *harness.Message, device string) protocol.Reason {
	for _, e := range env.Trace().ForMessage(m.Key) {
		if e.Kind == trace.IMRoute && e.Device == device {
			return e.Reason
		}
	}
	return "unrouted"
}
