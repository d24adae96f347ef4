package meizu_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
)

func cert(appID, secret string, click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 6666, Vendor: protocol.VendorMeizu, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "app_secret": secret}}
}

func TestClientPushReasons(t *testing.T) {
	good := cert(appID, secret, protocol.ClickAction{})
	tests := []struct {
		name   string
		opts   []meizu.Option
		cert   protocol.Certificate
		token  string // "$TOKEN": the registered device's; "$OTHER": another registered device's
		before int    // pushes to send first
		code   string
		reason protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: "200", reason: protocol.ReasonNone},
		{name: "wrong secret", cert: cert(appID, "nope", protocol.ClickAction{}), token: "$TOKEN", code: "1006", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown app", cert: cert("999", secret, protocol.ClickAction{}), token: "$TOKEN", code: "110000", reason: protocol.ReasonVendorAuthFailed},
		{name: "blacklisted app", opts: []meizu.Option{meizu.WithBlacklistedApps(appID)}, cert: good, token: wellFormedID, code: "110009", reason: protocol.ReasonVendorAuthFailed},
		{name: "unregistered token", cert: good, token: wellFormedID, code: "110002", reason: protocol.ReasonVendorTokenInvalid},
		{name: "illegal token", cert: good, token: "not a token", code: "110003", reason: protocol.ReasonVendorTokenInvalid},
		{name: "empty token", cert: good, token: "", code: "110004", reason: protocol.ReasonVendorError},
		{name: "folded", cert: good, token: "$TOKEN", before: 5, code: "520", reason: protocol.ReasonVendorFolded},
		{name: "speed limit", opts: []meizu.Option{meizu.WithSpeedLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "518", reason: protocol.ReasonVendorRateLimited},
		{name: "request rate", opts: []meizu.Option{meizu.WithRequestRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "110010", reason: protocol.ReasonVendorRateLimited},
		{name: "daily cap", opts: []meizu.Option{meizu.WithAppDailyCap(1)}, cert: good, token: "$TOKEN", before: 1, code: "110019", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "public cap", opts: []meizu.Option{meizu.WithPublicDailyCap(1)}, cert: good, token: "$PUBLIC", before: 1, code: "110011", reason: protocol.ReasonVendorQuotaExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				var tok string
				if strings.HasPrefix(tc.token, "$") {
					_, tok = e.phone("alice")
				}
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi"}
				if tc.token == "$TOKEN" || tc.token == "$PUBLIC" {
					req.Token = tok
				}
				if tc.token == "$PUBLIC" {
					req.Android = &protocol.AndroidInfo{MeiZuNoticeMsgType: new(int)}
				}
				for range tc.before {
					e.client.Push(context.Background(), req)
				}
				res := e.client.Push(context.Background(), req)
				if res.Code != tc.code || res.Reason != tc.reason {
					t.Fatalf("Push = %+v, want code %s reason %q", res, tc.code, tc.reason)
				}
				if tc.code == "200" && res.VendorMsgID == "" {
					t.Fatal("accepted without a vendor message ID")
				}
				if tc.code != "200" && res.Message == "" {
					t.Fatal("failure without a message")
				}
			})
		})
	}
}

func TestClientTransportError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		c := meizu.NewClient("http://nowhere.sim:80", e.HC)
		res := c.Push(context.Background(), protocol.PushRequest{Token: wellFormedID, Cert: cert(appID, secret, protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		notMeizu := meizu.NewClient(backend, e.HC)
		if _, err := notMeizu.PushByPushID(context.Background(), appID, secret, []string{wellFormedID}, note("t", "c")); err == nil {
			t.Fatal("a non-Meizu answer was accepted")
		}
	})
}

func TestClientDeliversClickAndExt(t *testing.T) {
	tests := []struct {
		name  string
		click protocol.ClickAction
		ext   string
		want  string // the device payload's clickTypeInfo
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, `{"conv":"c2c_bob"}`,
			`{"clickType":0,"parameters":{"ext":"{\"conv\":\"c2c_bob\"}"}}`},
		{"open activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, "x",
			`{"clickType":1,"parameters":{"ext":"x"},"activity":"com.example.chat.ChatActivity"}`},
		{"open url without ext", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "",
			`{"clickType":2,"url":"https://example.com/a"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				dev, tok := e.phone("alice")
				res := e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: cert(appID, secret, tc.click),
					Title: strings.Repeat("T", 40), Desc: "hi there", Ext: tc.ext})
				if res.Reason != protocol.ReasonNone {
					t.Fatalf("Push = %+v", res)
				}
				time.Sleep(time.Second)
				synctest.Wait()
				got := dev.Notices()
				if len(got) != 1 || got[0].MsgID != res.VendorMsgID {
					t.Fatalf("notices = %+v", got)
				}
				var m struct {
					NoticeBarInfo map[string]any  `json:"noticeBarInfo"`
					ClickTypeInfo json.RawMessage `json:"clickTypeInfo"`
				}
				if err := json.Unmarshal(got[0].Payload, &m); err != nil {
					t.Fatal(err)
				}
				if string(m.ClickTypeInfo) != tc.want {
					t.Errorf("clickTypeInfo = %s, want %s", m.ClickTypeInfo, tc.want)
				}
				if m.NoticeBarInfo["noticeMsgType"] != 1.0 || m.NoticeBarInfo["title"] != strings.Repeat("T", 32) {
					t.Errorf("noticeBarInfo = %v, want a private message with the title cut to 32", m.NoticeBarInfo)
				}
			})
		})
	}
}

func TestReasonFor(t *testing.T) {
	tests := []struct {
		code     string
		topLevel bool
		want     protocol.Reason
	}{
		{"200", true, protocol.ReasonNone},
		{"1006", true, protocol.ReasonVendorAuthFailed},
		{"110000", true, protocol.ReasonVendorAuthFailed},
		{"110001", true, protocol.ReasonVendorAuthFailed},
		{"110033", true, protocol.ReasonVendorAuthFailed},
		{"110002", false, protocol.ReasonVendorTokenInvalid},
		{"110003", false, protocol.ReasonVendorTokenInvalid},
		{"110005", false, protocol.ReasonVendorTokenInvalid},
		{"110010", false, protocol.ReasonVendorTokenInvalid},
		{"110010", true, protocol.ReasonVendorRateLimited},
		{"518", false, protocol.ReasonVendorRateLimited},
		{"520", false, protocol.ReasonVendorFolded},
		{"110011", false, protocol.ReasonVendorQuotaExceeded},
		{"110019", true, protocol.ReasonVendorQuotaExceeded},
		{"110053", true, protocol.ReasonVendorUnsupportedType},
		{"1005", true, protocol.ReasonVendorError},
		{"513", false, protocol.ReasonVendorError},
	}
	for _, tc := range tests {
		if got := meizu.ReasonFor(tc.code, tc.topLevel); got != tc.want {
			t.Errorf("ReasonFor(%s, %v) = %q, want %q", tc.code, tc.topLevel, got, tc.want)
		}
	}
}
