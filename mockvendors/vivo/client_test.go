package vivo_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
)

func TestClientPushReasons(t *testing.T) {
	good := certFor(protocol.ClickAction{})
	with := func(k, v string) protocol.Certificate {
		c := certFor(protocol.ClickAction{})
		c.Credentials[k] = v
		return c
	}
	zero := 0
	tests := []struct {
		name    string
		opts    []vivo.Option
		cert    protocol.Certificate
		token   string // "$TOKEN": the registered device's
		android *protocol.AndroidInfo
		before  int
		code    string
		reason  protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: "0", reason: protocol.ReasonNone},
		{name: "wrong secret", cert: with("app_secret", "nope"), token: "$TOKEN", code: "10000", reason: protocol.ReasonVendorAuthFailed},
		{name: "wrong app key", cert: with("app_key", "nope"), token: "$TOKEN", code: "10000", reason: protocol.ReasonVendorAuthFailed},
		{name: "no app id", cert: with("app_id", ""), token: "$TOKEN", code: "10200", reason: protocol.ReasonVendorAuthFailed},
		{name: "unregistered token", cert: good, token: unknownRegID, code: "10302", reason: protocol.ReasonVendorTokenInvalid},
		{name: "malformed token", cert: good, token: "x", code: "10302", reason: protocol.ReasonVendorTokenInvalid},
		{name: "system total", opts: []vivo.Option{vivo.WithSystemDailyQuota(1)}, cert: good, token: "$TOKEN", before: 1, code: "10073", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "operational total", opts: []vivo.Option{vivo.WithOperationalDailyQuota(1)}, cert: good, token: "$TOKEN",
			android: &protocol.AndroidInfo{VIVOClassification: &zero}, before: 1, code: "10070", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "system category over the system total", opts: []vivo.Option{vivo.WithSystemDailyQuota(1)}, cert: good, token: "$TOKEN",
			android: &protocol.AndroidInfo{VIVOClassification: &zero, VIVOCategory: "IM"}, before: 1, code: "10073", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "auth rate", opts: []vivo.Option{vivo.WithAuthRateLimit(1, time.Hour), vivo.WithAuthTokenLifetime(time.Minute)}, cert: good, token: "$TOKEN",
			before: 1, code: "10093", reason: protocol.ReasonVendorRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi", Android: tc.android}
				if tc.token == "$TOKEN" {
					_, req.Token = e.phone("alice")
				}
				for i := range tc.before {
					req.MsgKey = "before" + string(rune('0'+i))
					e.client.Push(context.Background(), req)
				}
				if tc.code == "10093" {
					time.Sleep(2 * time.Minute) // the token expired; the next auth is over the rate
				}
				req.MsgKey = "m1"
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
		c := vivo.NewClient("http://nowhere.sim:80", e.HC)
		res := c.Push(context.Background(), protocol.PushRequest{Token: unknownRegID, Cert: certFor(protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		notVivo := vivo.NewClient(backend, e.HC)
		if _, err := notVivo.Auth(context.Background(), creds); err == nil {
			t.Fatal("a non-vivo answer was accepted")
		}
	})
}

func TestMessageFor(t *testing.T) {
	zero := 0
	tests := []struct {
		name     string
		click    protocol.ClickAction
		ext      string
		android  *protocol.AndroidInfo
		skipType vivo.FlexInt
		skip     string
		class    int64
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, `{"conv":"c2c_bob"}`, nil, vivo.SkipApp, "", vivo.ClassSystem},
		{"open activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, "x", nil,
			vivo.SkipActivity, "intent:#Intent;component=com.example.chat/com.example.chat.ChatActivity;end", vivo.ClassSystem},
		{"open url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "", nil, vivo.SkipURL, "https://example.com/a", vivo.ClassSystem},
		{"AndroidInfo without VIVOClassification", protocol.ClickAction{}, "", &protocol.AndroidInfo{XiaoMiChannelID: "im"}, vivo.SkipApp, "", vivo.ClassSystem},
		{"operational", protocol.ClickAction{}, "", &protocol.AndroidInfo{VIVOClassification: &zero}, vivo.SkipApp, "", vivo.ClassOperational},
		{"category", protocol.ClickAction{}, "", &protocol.AndroidInfo{VIVOClassification: &zero, VIVOCategory: "IM"}, vivo.SkipApp, "", vivo.ClassSystem},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := protocol.PushRequest{MsgKey: "m1", Token: "t", Cert: certFor(tc.click), Title: strings.Repeat("消", 25), Desc: "hi", Ext: tc.ext, Android: tc.android}
			m := vivo.MessageFor(req)
			if m.SkipType != tc.skipType || m.SkipContent != tc.skip || m.Class() != tc.class || m.RegID != "t" {
				t.Errorf("message %+v: skip %d %q class %d, want %d %q %d", m, m.SkipType, m.SkipContent, m.Class(), tc.skipType, tc.skip, tc.class)
			}
			if m.ClientCustomMap["ext"] != tc.ext {
				t.Errorf("clientCustomMap = %v, want ext %q", m.ClientCustomMap, tc.ext)
			}
			if m.Title != strings.Repeat("消", 20) {
				t.Errorf("title %q, want it cut to 20 CJK characters", m.Title)
			}
			if m.RequestID == "" || m.RequestID != vivo.MessageFor(req).RequestID {
				t.Errorf("requestId %q is not derived from the message key and token", m.RequestID)
			}
			req.Token = "other"
			if vivo.MessageFor(req).RequestID == m.RequestID {
				t.Error("two devices got one requestId")
			}
		})
	}
	if got := vivo.IntentURI("", "com.example.chat.ui.Chat"); got != "intent:#Intent;component=com.example.chat.ui/com.example.chat.ui.Chat;end" {
		t.Errorf("IntentURI without a package = %q", got)
	}
}

func TestReasonFor(t *testing.T) {
	tests := []struct {
		code int
		want protocol.Reason
	}{
		{0, protocol.ReasonNone}, {10000, protocol.ReasonVendorAuthFailed}, {10094, protocol.ReasonVendorAuthFailed},
		{10200, protocol.ReasonVendorAuthFailed}, {10201, protocol.ReasonVendorAuthFailed}, {10302, protocol.ReasonVendorTokenInvalid},
		{10070, protocol.ReasonVendorQuotaExceeded}, {10073, protocol.ReasonVendorQuotaExceeded}, {10093, protocol.ReasonVendorRateLimited},
		{10071, protocol.ReasonVendorRateLimited}, {10050, protocol.ReasonVendorError}, {12345, protocol.ReasonVendorError},
	}
	for _, tc := range tests {
		if got := vivo.ReasonFor(tc.code); got != tc.want {
			t.Errorf("ReasonFor(%d) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
