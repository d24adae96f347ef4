package container_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/testcontainers/testcontainers-go"

	"github.com/pushsim/pushsim/client"
	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/harness/container"
)

// TestOfflinePathOverHTTP runs the Ginkgo specs of this package: the
// image, driven only over HTTP as a backend team's integration test would.
func TestOfflinePathOverHTTP(t *testing.T) {
	testcontainers.SkipIfProviderIsNotHealthy(t)
	RegisterFailHandler(Fail)
	RunSpecs(t, "pushsim image: the offline push path over HTTP")
}

const (
	sdkAppID  = 1400000001
	secretKey = "k3y-for-the-container-tier"
	heartbeat = 4 * time.Second // --heartbeat-timeout: the documented 400 s, shortened
)

var offlineEnv = fmt.Sprintf(`
seed: 11
im:
  sdkappid: %d
  secret_key: %q
  certificates:
    - id: 6666
      vendor: meizu
      package: com.example.chat
      app_id: "1234512345123451234"
      app_key: "1234512345123"
      app_secret: "s3cr3t"
      activation_delay: 0s
      click: {action: open_activity, activity: com.example.chat.ChatActivity}
vendors:
  meizu: {latency: {median: 20ms, p99: 80ms}}
devices:
  - {id: alice-phone, brand: meizu, user: alice, app: {package: com.example.chat, certificate: 6666}}
users: [bob]
`, sdkAppID, secretKey)

var _ = Describe("a phone in the pushsim image", Ordered, func() {
	var (
		ctr   *container.Container
		api   *client.Client
		phone *client.DeviceHandle
		rest  func(ctx context.Context, command string, body any) map[string]any
	)

	BeforeAll(func(ctx SpecContext) {
		var err error
		ctr, err = container.Run(ctx, container.FromSource(), container.WithConfig([]byte(offlineEnv)),
			container.WithServeArgs("--heartbeat-timeout", heartbeat.String()))
		if ctr != nil && ctr.Container != nil {
			DeferCleanup(func(ctx SpecContext) { Expect(testcontainers.TerminateContainer(ctr.Container)).To(Succeed()) })
		}
		Expect(err).NotTo(HaveOccurred())
		api = ctr.Client()
		phone = api.Device("alice-phone")
		hc := &http.Client{Timeout: 10 * time.Second}
		random := 0
		// rest calls the fake IM's REST API as the App admin, signed with
		// a UserSig made from the configured secret key.
		rest = func(ctx context.Context, command string, body any) map[string]any {
			sig, err := usersig.Gen(sdkAppID, secretKey, "administrator", time.Hour, time.Now())
			Expect(err).NotTo(HaveOccurred())
			random++
			q := url.Values{"sdkappid": {fmt.Sprint(sdkAppID)}, "identifier": {"administrator"}, "usersig": {sig},
				"random": {fmt.Sprint(random)}, "contenttype": {"json"}}
			b, err := json.Marshal(body)
			Expect(err).NotTo(HaveOccurred())
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, ctr.URL()+"/v4/"+command+"?"+q.Encode(), bytes.NewReader(b))
			Expect(err).NotTo(HaveOccurred())
			resp, err := hc.Do(req)
			Expect(err).NotTo(HaveOccurred())
			defer resp.Body.Close()
			var out map[string]any
			Expect(json.NewDecoder(resp.Body).Decode(&out)).To(Succeed())
			Expect(out).To(HaveKeyWithValue("ActionStatus", "OK"), "REST %s", command)
			return out
		}
	}, NodeTimeout(5*time.Minute))

	msgSeq := 0
	send := func(ctx context.Context, text string) string {
		msgSeq++
		out := rest(ctx, "openim/sendmsg", map[string]any{
			"From_Account": "bob", "To_Account": "alice", "MsgRandom": 1000 + msgSeq,
			"MsgBody":         []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": text}}},
			"OfflinePushInfo": map[string]any{"Title": "Bob", "Desc": text, "Ext": `{"conv":"c2c_bob"}`},
		})
		key, _ := out["MsgKey"].(string)
		Expect(key).NotTo(BeEmpty())
		return key
	}
	imState := func(ctx context.Context) string {
		d, err := phone.Get(ctx)
		Expect(err).NotTo(HaveOccurred())
		return d.IMState
	}

	It("delivers to a killed app through the vendor; the tap opens the chat with ext", func(ctx SpecContext) {
		d, err := phone.Kill(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(d.AppState).To(Equal(client.AppKilled))
		Expect(d.IMState).To(Equal(client.IMPushOnline))

		key := send(ctx, "hi there")
		fate, err := api.Message(key).Wait(ctx, client.NotifiedOn("alice-phone"))
		Expect(err).NotTo(HaveOccurred())
		Expect(fate.Devices).To(ConsistOf(HaveField("Outcome", client.OutcomeNotified)))

		tray, err := phone.Notifications(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(tray).To(ContainElement(And(HaveField("MsgKey", key), HaveField("Title", "Bob"), HaveField("Body", "hi there"))))
		var shown client.Notification
		for _, n := range tray {
			if n.MsgKey == key {
				shown = n
			}
		}
		intent, err := phone.Click(ctx, shown.ID)
		Expect(err).NotTo(HaveOccurred())
		Expect(intent.Component).To(Equal("com.example.chat.ChatActivity"))
		Expect(intent.Extras).To(HaveKeyWithValue("ext", `{"conv":"c2c_bob"}`))
		// The first spec's timeout also bounds the BeforeAll, which builds
		// the image from source: minutes on a busy machine.
	}, SpecTimeout(6*time.Minute))

	It("drops the next message after a REST kick, with reason kicked", func(ctx SpecContext) {
		Eventually(imState).WithContext(ctx).WithTimeout(10 * time.Second).WithPolling(20 * time.Millisecond).Should(Equal(client.IMOnline))
		rest(ctx, "im_open_login_svc/kick", map[string]any{"UserID": "alice"})
		Expect(imState(ctx)).To(Equal(client.IMOffline))

		fate, err := api.Message(send(ctx, "after the kick")).Wait(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(fate.Devices).To(ConsistOf(And(HaveField("Outcome", client.OutcomeNotDelivered), HaveField("Reason", "kicked"))))
	}, SpecTimeout(time.Minute))

	It("pushes to a backgrounded app although its socket is up", func(ctx SpecContext) {
		_, err := phone.Login(ctx)
		Expect(err).NotTo(HaveOccurred())
		d, err := phone.Background(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(d.IMState).To(Equal(client.IMBackground))

		fate, err := api.Message(send(ctx, "in the background")).Wait(ctx, client.NotifiedOn("alice-phone"))
		Expect(err).NotTo(HaveOccurred())
		Expect(fate.Devices).To(ConsistOf(HaveField("Outcome", client.OutcomeNotified)))
	}, SpecTimeout(time.Minute))

	It("notices a silent network loss only at the heartbeat timeout, then pushes", func(ctx SpecContext) {
		_, err := phone.Foreground(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(imState(ctx)).To(Equal(client.IMOnline))
		d, err := phone.SetNetwork(ctx, false)
		Expect(err).NotTo(HaveOccurred())
		Expect(d.Network).To(Equal("off"))
		cut := time.Now()
		// No FIN reached the IM: it still believes the phone online.
		Expect(imState(ctx)).To(Equal(client.IMOnline))
		Eventually(imState).WithContext(ctx).WithTimeout(4 * heartbeat).WithPolling(50 * time.Millisecond).Should(Equal(client.IMPushOnline))
		// The last heartbeat came at most 120/400 of the timeout before the cut.
		Expect(time.Since(cut)).To(BeNumerically(">=", heartbeat*280/400))

		key := send(ctx, "while offline")
		Consistently(func(ctx context.Context) string {
			f, err := api.Message(key).Get(ctx)
			Expect(err).NotTo(HaveOccurred())
			if fd, ok := f.On("alice-phone"); ok {
				return fd.Outcome
			}
			return ""
		}).WithContext(ctx).WithTimeout(300 * time.Millisecond).WithPolling(50 * time.Millisecond).ShouldNot(Equal(client.OutcomeNotified))

		_, err = phone.SetNetwork(ctx, true)
		Expect(err).NotTo(HaveOccurred())
		fate, err := api.Message(key).Wait(ctx, client.NotifiedOn("alice-phone"))
		Expect(err).NotTo(HaveOccurred())
		Expect(fate.Devices).To(ConsistOf(HaveField("Outcome", client.OutcomeNotified)))
	}, SpecTimeout(time.Minute))
})
