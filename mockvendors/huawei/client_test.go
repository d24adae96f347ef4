package huawei_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/protocol"
)

func cert(appID, secret string, click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 7777, Vendor: protocol.VendorHuawei, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "app_secret": secret}}
}

func TestClientPushReasons(t *testing.T) {
	good := cert(appID, secret, protocol.ClickAction{})
	tests := []struct {
		name    string
		opts    []huawei.Option
		cert    protocol.Certificate
		token   string // "$TOKEN": the registered device's; "$GONE": its token after uninstall
		android *protocol.AndroidInfo
		desc    string
		before  int
		code    string
		reason  protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: huawei.CodeSuccess, reason: protocol.ReasonNone},
		{name: "wrong secret", cert: cert(appID, "nope", protocol.ClickAction{}), token: "$TOKEN", code: "invalid_client", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown app", cert: cert("999", secret, protocol.ClickAction{}), token: "$TOKEN", code: "invalid_client", reason: protocol.ReasonVendorAuthFailed},
		{name: "no secret", cert: cert(appID, "", protocol.ClickAction{}), token: "$TOKEN", code: "invalid_request", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown token", cert: good, token: unknownToken, code: huawei.CodeTokensInvalid, reason: protocol.ReasonVendorTokenInvalid},
		{name: "uninstalled", cert: good, token: "$GONE", code: huawei.CodeTokensInvalid, reason: protocol.ReasonVendorTokenInvalid},
		{name: "empty token", cert: good, token: "", code: huawei.CodeTokensInvalid, reason: protocol.ReasonVendorTokenInvalid},
		{name: "push service off", opts: []huawei.Option{huawei.WithPushServiceDisabled(appID)}, cert: good, token: "$TOKEN", code: huawei.CodeNoPermission, reason: protocol.ReasonVendorAuthFailed},
		{name: "flow control", opts: []huawei.Option{huawei.WithRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: huawei.CodeInternal, reason: protocol.ReasonVendorRateLimited},
		{name: "no body text", cert: good, token: "$TOKEN", desc: "-", code: huawei.CodeParamError, reason: protocol.ReasonVendorError},
		{name: "bad importance", cert: good, token: "$TOKEN", android: &protocol.AndroidInfo{HuaWeiImportance: "urgent"}, code: huawei.CodeParamError, reason: protocol.ReasonVendorError},
		{name: "importance in lower case", cert: good, token: "$TOKEN", android: &protocol.AndroidInfo{HuaWeiImportance: "low"}, code: huawei.CodeSuccess, reason: protocol.ReasonNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				_, tok := e.phone("alice")
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi", Android: tc.android}
				switch tc.token {
				case "$TOKEN":
					req.Token = tok
				case "$GONE":
					req.Token = tok
					e.srv.Hub().Unregister(tok)
				}
				if tc.desc == "-" {
					req.Desc = ""
				}
				for range tc.before {
					e.client.Push(context.Background(), req)
				}
				res := e.client.Push(context.Background(), req)
				if res.Code != tc.code || res.Reason != tc.reason {
					t.Fatalf("Push = %+v, want code %s reason %q", res, tc.code, tc.reason)
				}
				if tc.reason == protocol.ReasonNone && res.VendorMsgID == "" {
					t.Fatal("accepted without a requestId")
				}
				if res.Message == "" || strings.Contains(res.Message, secret) {
					t.Fatalf("message %q is empty or leaks the secret", res.Message)
				}
			})
		})
	}
}

func countingClient(e *env) (*huawei.Client, *mocktest.Counter) {
	ct := &mocktest.Counter{Next: e.HC.Transport}
	return huawei.NewClient(apiURL, &http.Client{Transport: ct, Timeout: 10 * time.Second}), ct
}

func TestClientCachesAndRefreshesToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		c, ct := countingClient(e)
		req := protocol.PushRequest{Token: tok, Cert: cert(appID, secret, protocol.ClickAction{}), Title: "Bob", Desc: "hi"}
		for range 3 {
			if r := c.Push(context.Background(), req); r.Reason != protocol.ReasonNone {
				t.Fatal(r)
			}
		}
		if n := ct.Count(huawei.PathTokenV3); n != 1 {
			t.Fatalf("three pushes fetched %d tokens, want 1", n)
		}
		// The vendor expires the token early: the client hears 80200003,
		// fetches a new token and sends again.
		e.srv.ExpireAuthTokens()
		if r := c.Push(context.Background(), req); r.Reason != protocol.ReasonNone {
			t.Fatalf("push after the vendor expired the token = %+v", r)
		}
		if n, s := ct.Count(huawei.PathTokenV3), ct.Count(huawei.SendPath(appID)); n != 2 || s != 5 {
			t.Fatalf("token fetches %d and sends %d, want 2 and 5 (one refused as expired)", n, s)
		}
		// An hour later the client knows its token expired and fetches a
		// new one before sending.
		time.Sleep(time.Hour)
		if r := c.Push(context.Background(), req); r.Reason != protocol.ReasonNone {
			t.Fatal(r)
		}
		if n, s := ct.Count(huawei.PathTokenV3), ct.Count(huawei.SendPath(appID)); n != 3 || s != 6 {
			t.Fatalf("token fetches %d and sends %d, want 3 and 6", n, s)
		}
	})
}

func TestClientTransportError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		c := huawei.NewClient("http://nowhere.sim:80", e.HC)
		res := c.Push(context.Background(), protocol.PushRequest{Token: unknownToken, Cert: cert(appID, secret, protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		notHMS := huawei.NewClient(backend, e.HC, huawei.WithAuthURL(apiURL+huawei.PathTokenV3))
		if _, err := notHMS.Send(context.Background(), appID, secret, note("t", "c", unknownToken)); err == nil {
			t.Fatal("a non-HMS answer was accepted")
		}
	})
}

func TestClientDeliversClickAndExt(t *testing.T) {
	const ext = `{"conv":"c2c_bob"}`
	tests := []struct {
		name    string
		click   protocol.ClickAction
		ext     string
		android *protocol.AndroidInfo
		want    string // the device payload's click_action
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, ext, nil,
			`{"type":1,"intent":"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;launchFlags=0x4000000;package=com.example.chat;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end"}`},
		{"open app without ext", protocol.ClickAction{}, "", nil, `{"type":3}`},
		{"open activity, ext as intent param", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, ext,
			&protocol.AndroidInfo{ExtAsHuaweiIntentParam: 1},
			`{"type":1,"intent":"intent:#Intent;launchFlags=0x4000000;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end"}`},
		{"open activity, ext as action param", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, ext, nil,
			`{"type":1,"intent":"intent://com.example.chat/detail?ext=%7B%22conv%22%3A%22c2c_bob%22%7D#Intent;scheme=pushscheme;launchFlags=0x4000000;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;end"}`},
		{"open url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "", nil,
			`{"type":2,"url":"https://example.com/a"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				dev, tok := e.phone("alice")
				res := e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: cert(appID, secret, tc.click),
					Title: "Bob", Desc: "hi there", Ext: tc.ext, Android: tc.android})
				if res.Reason != protocol.ReasonNone {
					t.Fatalf("Push = %+v", res)
				}
				time.Sleep(2 * time.Second)
				synctest.Wait()
				got := dev.Notices()
				if len(got) != 1 || got[0].MsgID != res.VendorMsgID || got[0].Package != pkg {
					t.Fatalf("notices = %+v", got)
				}
				var m struct {
					Token   []string `json:"token"`
					Android struct {
						Notification struct {
							ClickAction json.RawMessage `json:"click_action"`
						} `json:"notification"`
					} `json:"android"`
				}
				if err := json.Unmarshal(got[0].Payload, &m); err != nil {
					t.Fatal(err)
				}
				if string(m.Android.Notification.ClickAction) != tc.want {
					t.Errorf("click_action = %s\n                      want %s", m.Android.Notification.ClickAction, tc.want)
				}
				if m.Token != nil {
					t.Errorf("the device payload carries the token list %v", m.Token)
				}
			})
		})
	}
}

func TestRequestFor(t *testing.T) {
	c := cert(appID, secret, protocol.ClickAction{})
	c.Credentials[huawei.CredBadgeClass] = "com.example.chat.MainActivity"
	c.Credentials[protocol.CredReceiptURL] = callback
	req := huawei.RequestFor(protocol.PushRequest{MsgKey: "m1", Token: "t", Cert: c, Title: "Bob", Desc: "hi",
		Android: &protocol.AndroidInfo{HuaWeiChannelID: "im", HuaWeiImportance: "low", HuaWeiCategory: "IM", PushStyle: 1}})
	a := req.Message.Android
	n := a.Notification
	if a.Category != "IM" || a.BiTag != "m1" || a.ReceiptID != callback || a.TTL != "86400s" {
		t.Errorf("android = %+v", a)
	}
	if n.ChannelID != "im" || n.Importance != huawei.ImportanceLow || n.Style != 1 || n.BigTitle != "Bob" || n.BigBody != "hi" {
		t.Errorf("notification = %+v", n)
	}
	if n.Badge == nil || n.Badge.AddNum != 1 || n.Badge.Class != "com.example.chat.MainActivity" {
		t.Errorf("badge = %+v", n.Badge)
	}
	if len(req.Message.Token) != 1 || req.Message.Token[0] != "t" {
		t.Errorf("token = %v", req.Message.Token)
	}
	if _, err := huawei.ParseSendRequest([]byte(body(t, req))); err != nil {
		t.Errorf("the mapped request does not validate: %v", err)
	}
}

func TestReasonFor(t *testing.T) {
	tests := []struct {
		code   string
		status int
		want   protocol.Reason
	}{
		{huawei.CodeSuccess, 200, protocol.ReasonNone},
		{huawei.CodeAuthError, 401, protocol.ReasonVendorAuthFailed},
		{huawei.CodeTokenExpired, 401, protocol.ReasonVendorAuthFailed},
		{huawei.CodeNoPermission, 401, protocol.ReasonVendorAuthFailed},
		{huawei.CodeTokensInvalid, 400, protocol.ReasonVendorTokenInvalid},
		{huawei.CodeParamError, 400, protocol.ReasonVendorError},
		{huawei.CodeTooLarge, 400, protocol.ReasonVendorError},
		{huawei.CodeInternal, 500, protocol.ReasonVendorError},
		{huawei.CodeInternal, 503, protocol.ReasonVendorRateLimited},
	}
	for _, tc := range tests {
		if got := huawei.ReasonFor(tc.code, tc.status); got != tc.want {
			t.Errorf("ReasonFor(%s, %d) = %q, want %q", tc.code, tc.status, got, tc.want)
		}
	}
	for code, want := range map[string]int{huawei.CodeSuccess: 200, huawei.CodePartialSuccess: 200, huawei.CodeParamError: 400,
		huawei.CodeIllegalPayload: 400, huawei.CodeAuthError: 401, huawei.CodeTokenExpired: 401, huawei.CodeNoPermission: 401,
		huawei.CodeTokensInvalid: 400, huawei.CodeTooLarge: 400, huawei.CodeTokenCount: 400, huawei.CodeInternal: 500} {
		if got := huawei.HTTPStatus(code); got != want {
			t.Errorf("HTTPStatus(%s) = %d, want %d", code, got, want)
		}
	}
}
