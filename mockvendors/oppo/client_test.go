package oppo_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
)

func TestClientPushReasons(t *testing.T) {
	good := certFor(protocol.ClickAction{})
	withSecret := func(secret string) protocol.Certificate {
		c := certFor(protocol.ClickAction{})
		c.Credentials["master_secret"] = secret
		return c
	}
	withKey := func(key string) protocol.Certificate {
		c := certFor(protocol.ClickAction{})
		c.Credentials["app_key"] = key
		return c
	}
	tests := []struct {
		name   string
		opts   []oppo.Option
		cert   protocol.Certificate
		token  string // "$TOKEN": the registered device's
		before int
		code   string
		reason protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: "0", reason: protocol.ReasonNone},
		{name: "wrong master secret", cert: withSecret("nope"), token: "$TOKEN", code: "16", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown app key", cert: withKey("nope"), token: "$TOKEN", code: "14", reason: protocol.ReasonVendorAuthFailed},
		{name: "no app key", cert: withKey(""), token: "$TOKEN", code: "15", reason: protocol.ReasonVendorAuthFailed},
		{name: "disabled app", opts: []oppo.Option{oppo.WithDisabledApps(appID)}, cert: good, token: unknownRegID, code: "28", reason: protocol.ReasonVendorAuthFailed},
		{name: "unregistered token", cert: good, token: unknownRegID, code: "10000", reason: protocol.ReasonVendorTokenInvalid},
		{name: "malformed token", cert: good, token: "not a token", code: "10000", reason: protocol.ReasonVendorTokenInvalid},
		{name: "empty token", cert: good, token: "", code: "40", reason: protocol.ReasonVendorError},
		{name: "daily quota", opts: []oppo.Option{oppo.WithDailyQuota(1)}, cert: good, token: "$TOKEN", before: 1, code: "33", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "rate limit", opts: []oppo.Option{oppo.WithRequestRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "55", reason: protocol.ReasonVendorRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi"}
				if tc.token == "$TOKEN" {
					_, req.Token = e.phone("alice")
				}
				for range tc.before {
					e.client.Push(context.Background(), req)
				}
				res := e.client.Push(context.Background(), req)
				if res.Code != tc.code || res.Reason != tc.reason || res.Message == "" {
					t.Fatalf("Push = %+v, want code %s reason %q and a message", res, tc.code, tc.reason)
				}
				if (tc.code == "0") != (res.VendorMsgID != "") {
					t.Fatalf("Push = %+v: a vendor message ID exactly when accepted", res)
				}
			})
		})
	}
}

func TestClientTransportError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		c := oppo.NewClient("http://nowhere.sim:80", e.HC)
		res := c.Push(context.Background(), protocol.PushRequest{Token: unknownRegID, Cert: certFor(protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		notOPPO := oppo.NewClient(backend, e.HC)
		if _, err := notOPPO.Auth(context.Background(), creds); err == nil {
			t.Fatal("a non-OPPO answer was accepted")
		}
	})
}

func TestMessageFor(t *testing.T) {
	tests := []struct {
		name    string
		click   protocol.ClickAction
		ext     string
		android *protocol.AndroidInfo
		want    string // the notification's click and extras fields
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, `{"conv":"c2c_bob"}`, nil,
			`"click_action_type":0,"action_parameters":"{\"ext\":\"{\\\"conv\\\":\\\"c2c_bob\\\"}\"}"`},
		{"open activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, "x", nil,
			`"click_action_type":4,"click_action_activity":"com.example.chat.ChatActivity","action_parameters":"{\"ext\":\"x\"}"`},
		{"open url without ext", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "", nil,
			`"click_action_type":2,"click_action_url":"https://example.com/a"`},
		{"channel, category and long text", protocol.ClickAction{}, "", &protocol.AndroidInfo{OPPOChannelID: "im", OPPOCategory: "IM", PushStyle: 1},
			`"click_action_type":0`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := protocol.PushRequest{MsgKey: "m1", Token: "CN_x", Cert: certFor(tc.click), Title: strings.Repeat("T", 40), Desc: "hi", Ext: tc.ext, Android: tc.android}
			m := oppo.MessageFor(req)
			b, err := json.Marshal(m.Notification)
			if err != nil {
				t.Fatal(err)
			}
			if m.TargetType != oppo.TargetRegID || m.TargetValue != "CN_x" || !strings.Contains(string(b), tc.want) {
				t.Errorf("message %+v notification %s, want it to contain %s", m, b, tc.want)
			}
			if m.Notification.Title != strings.Repeat("T", 32) || !*m.Notification.OffLine {
				t.Errorf("title %q offline %v, want the title cut to 32 and kept offline", m.Notification.Title, *m.Notification.OffLine)
			}
			if tc.android != nil && (m.Notification.ChannelID != "im" || m.Notification.Category != "IM" || *m.Notification.Style != 2) {
				t.Errorf("notification %s, want channel im, category IM, style 2", b)
			}
			if _, err := oppo.ParseNotification(string(b)); err != nil {
				t.Errorf("the client's notification fails the service's checks: %v", err)
			}
		})
	}
}

func TestReasonFor(t *testing.T) {
	tests := []struct {
		code int
		want protocol.Reason
	}{
		{0, protocol.ReasonNone}, {11, protocol.ReasonVendorAuthFailed}, {14, protocol.ReasonVendorAuthFailed},
		{16, protocol.ReasonVendorAuthFailed}, {28, protocol.ReasonVendorAuthFailed}, {29, protocol.ReasonVendorAuthFailed},
		{10000, protocol.ReasonVendorTokenInvalid}, {13, protocol.ReasonVendorRateLimited}, {55, protocol.ReasonVendorRateLimited},
		{-2, protocol.ReasonVendorRateLimited}, {33, protocol.ReasonVendorQuotaExceeded}, {40, protocol.ReasonVendorError},
		{41, protocol.ReasonVendorError}, {67, protocol.ReasonVendorError}, {-1, protocol.ReasonVendorUnavailable},
	}
	for _, tc := range tests {
		if got := oppo.ReasonFor(tc.code); got != tc.want {
			t.Errorf("ReasonFor(%d) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

// TestMessageForCutsContentToTheStyle: fakeim's client cuts Desc to the
// content limit of the style it sends, so OPPO never refuses it with 41.
func TestMessageForCutsContentToTheStyle(t *testing.T) {
	long := strings.Repeat("长", 300)
	for _, tc := range []struct {
		name    string
		android *protocol.AndroidInfo
		want    int
	}{
		{"standard", nil, oppo.MaxContent},
		{"PushStyle 0", &protocol.AndroidInfo{OPPOChannelID: "im"}, oppo.MaxContent},
		{"PushStyle 1 is long text", &protocol.AndroidInfo{PushStyle: 1}, oppo.MaxContentLongText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := oppo.MessageFor(protocol.PushRequest{MsgKey: "m1", Token: "CN_x", Cert: certFor(protocol.ClickAction{}), Title: "t", Desc: long, Android: tc.android})
			if got := len([]rune(m.Notification.Content)); got != tc.want {
				t.Fatalf("content has %d characters, want %d", got, tc.want)
			}
			b, _ := json.Marshal(m.Notification)
			if _, err := oppo.ParseNotification(string(b)); err != nil {
				t.Fatalf("the service refuses the client's notification: %v", err)
			}
		})
	}
}
