package honor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/protocol"
)

func cert(id, secret string, click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 8888, Vendor: protocol.VendorHonor, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "client_id": id, "client_secret": secret}}
}

func TestClientPushReasons(t *testing.T) {
	good := cert(clientID, clientSecret, protocol.ClickAction{})
	wrongApp := good
	wrongApp.Credentials = map[string]string{"app_id": "104000001", "client_id": clientID, "client_secret": clientSecret}
	tests := []struct {
		name   string
		opts   []honor.Option
		cert   protocol.Certificate
		token  string
		click  protocol.ClickAction
		before int
		code   string
		reason protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: "200", reason: protocol.ReasonNone},
		{name: "wrong secret", cert: cert(clientID, "nope", protocol.ClickAction{}), token: "$TOKEN", code: "invalid_client", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown client", cert: cert("who", clientSecret, protocol.ClickAction{}), token: "$TOKEN", code: "invalid_client", reason: protocol.ReasonVendorAuthFailed},
		{name: "app ID of another app", cert: wrongApp, token: "$TOKEN", code: "80200001", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown token", cert: good, token: unknownToken, code: "80300007", reason: protocol.ReasonVendorTokenInvalid},
		{name: "uninstalled", cert: good, token: "$GONE", code: "80300007", reason: protocol.ReasonVendorTokenInvalid},
		{name: "push service off", opts: []honor.Option{honor.WithPushServiceDisabled(appID)}, cert: good, token: "$TOKEN", code: "80300002", reason: protocol.ReasonVendorAuthFailed},
		{name: "flow control", opts: []honor.Option{honor.WithRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "81000001", reason: protocol.ReasonVendorRateLimited},
		{name: "http URL refused", cert: cert(clientID, clientSecret, protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "http://example.com"}), token: "$TOKEN", code: "80100001", reason: protocol.ReasonVendorError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				_, tok := e.phone("alice")
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi"}
				switch tc.token {
				case "$TOKEN":
					req.Token = tok
				case "$GONE":
					req.Token = tok
					e.srv.Hub().Unregister(tok)
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
				if res.Message == "" || strings.Contains(res.Message, clientSecret) {
					t.Fatalf("message %q is empty or leaks the secret", res.Message)
				}
			})
		})
	}
}

func TestClientCachesAndRefreshesToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		ct := &mocktest.Counter{Next: e.HC.Transport}
		c := honor.NewClient(apiURL, &http.Client{Transport: ct, Timeout: 10 * time.Second})
		req := protocol.PushRequest{Token: tok, Cert: cert(clientID, clientSecret, protocol.ClickAction{}), Title: "Bob", Desc: "hi"}
		for range 2 {
			if r := c.Push(context.Background(), req); r.Reason != protocol.ReasonNone {
				t.Fatal(r)
			}
		}
		e.srv.ExpireAuthTokens()
		if r := c.Push(context.Background(), req); r.Reason != protocol.ReasonNone {
			t.Fatalf("push after the vendor expired the token = %+v", r)
		}
		if n, s := ct.Count(honor.PathToken), ct.Count(honor.SendPath(appID)); n != 2 || s != 4 {
			t.Fatalf("token fetches %d and sends %d, want 2 and 4 (one refused as expired)", n, s)
		}
	})
}

func TestClientTransportError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		res := honor.NewClient("http://nowhere.sim:80", e.HC).Push(context.Background(),
			protocol.PushRequest{Token: unknownToken, Cert: cert(clientID, clientSecret, protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		notHonor := honor.NewClient("http://honor.sim:80/elsewhere", e.HC, honor.WithAuthURL(apiURL+honor.PathToken))
		if _, err := notHonor.Send(context.Background(), appID, clientID, clientSecret, note("t", "c", unknownToken)); err == nil {
			t.Fatal("a non-Honor answer was accepted")
		}
	})
}

func TestClientDeliversClickAndExt(t *testing.T) {
	const ext = `{"conv":"c2c_bob"}`
	tests := []struct {
		name  string
		click protocol.ClickAction
		ext   string
		want  string
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, ext,
			`{"type":1,"intent":"intent:#Intent;action=android.intent.action.MAIN;category=android.intent.category.LAUNCHER;launchFlags=0x4000000;package=com.example.chat;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end"}`},
		{"open app without ext", protocol.ClickAction{}, "", `{"type":3}`},
		{"open activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, ext,
			`{"type":1,"intent":"intent:#Intent;launchFlags=0x4000000;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end"}`},
		{"open url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "", `{"type":2,"url":"https://example.com/a"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				dev, tok := e.phone("alice")
				res := e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: cert(clientID, clientSecret, tc.click),
					Title: "Bob", Desc: "hi", Ext: tc.ext})
				if res.Reason != protocol.ReasonNone {
					t.Fatalf("Push = %+v", res)
				}
				time.Sleep(2 * time.Second)
				synctest.Wait()
				got := dev.Notices()
				if len(got) != 1 || got[0].MsgID != res.VendorMsgID {
					t.Fatalf("notices = %+v", got)
				}
				var m struct {
					Token   []string `json:"token"`
					Android struct {
						Notification struct {
							ClickAction json.RawMessage `json:"clickAction"`
						} `json:"notification"`
					} `json:"android"`
				}
				if err := json.Unmarshal(got[0].Payload, &m); err != nil {
					t.Fatal(err)
				}
				if string(m.Android.Notification.ClickAction) != tc.want || m.Token != nil {
					t.Errorf("clickAction = %s, token %v\nwant %s", m.Android.Notification.ClickAction, m.Token, tc.want)
				}
			})
		})
	}
}

func TestMessageFor(t *testing.T) {
	c := cert(clientID, clientSecret, protocol.ClickAction{})
	c.Credentials[hms.CredBadgeClass] = "com.example.chat.MainActivity"
	m := honor.MessageFor(protocol.PushRequest{MsgKey: "m1", Token: "t", Cert: c, Title: "Bob", Desc: "hi",
		Android: &protocol.AndroidInfo{HonorImportance: "low", PushStyle: 1}})
	n := m.Android.Notification
	if m.Android.BiTag != "m1" || m.Android.TTL != "86400s" || n.Importance != honor.ImportanceLow || n.Style != 1 || n.BigBody != "hi" {
		t.Errorf("message = %+v / %+v", m.Android, n)
	}
	if n.Badge == nil || n.Badge.AddNum != 1 || n.Badge.BadgeClass != "com.example.chat.MainActivity" {
		t.Errorf("badge = %+v", n.Badge)
	}
	b, _ := json.Marshal(m)
	if _, err := honor.ParseSendMessage(b); err != nil {
		t.Errorf("the mapped message does not validate: %v", err)
	}
}

func TestReasonFor(t *testing.T) {
	for _, tc := range []struct {
		code, status int
		want         protocol.Reason
	}{
		{200, 200, protocol.ReasonNone},
		{honor.CodeAuthError, 401, protocol.ReasonVendorAuthFailed},
		{honor.CodeTokenExpired, 401, protocol.ReasonVendorAuthFailed},
		{honor.CodeNoPermission, 401, protocol.ReasonVendorAuthFailed},
		{honor.CodeTokensInvalid, 400, protocol.ReasonVendorTokenInvalid},
		{honor.CodeParamError, 400, protocol.ReasonVendorError},
		{honor.CodeInternal, 500, protocol.ReasonVendorError},
		{honor.CodeInternal, 503, protocol.ReasonVendorRateLimited},
	} {
		if got := honor.ReasonFor(tc.code, tc.status); got != tc.want {
			t.Errorf("ReasonFor(%d, %d) = %q, want %q", tc.code, tc.status, got, tc.want)
		}
	}
}
