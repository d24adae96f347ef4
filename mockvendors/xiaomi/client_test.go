package xiaomi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

func cert(secret string, click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 7777, Vendor: protocol.VendorXiaomi, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "app_key": appKey, "app_secret": secret}}
}

func TestClientPushReasons(t *testing.T) {
	good := cert(secret, protocol.ClickAction{})
	otherPkg := good
	otherPkg.Package = "com.other"
	tests := []struct {
		name   string
		opts   []xiaomi.Option
		cert   protocol.Certificate
		token  string // "$TOKEN": the registered device's
		before int    // pushes to send first
		code   string
		reason protocol.Reason
	}{
		{name: "accepted", cert: good, token: "$TOKEN", code: "0", reason: protocol.ReasonNone},
		{name: "wrong secret", cert: cert("nope", protocol.ClickAction{}), token: "$TOKEN", code: "21301", reason: protocol.ReasonVendorAuthFailed},
		{name: "wrong package", cert: otherPkg, token: "$TOKEN", code: "22006", reason: protocol.ReasonVendorAuthFailed},
		{name: "unknown token", cert: good, token: unknownRegID, code: "20301", reason: protocol.ReasonVendorTokenInvalid},
		{name: "empty token", cert: good, token: "", code: "10016", reason: protocol.ReasonVendorError},
		{name: "daily quota", opts: []xiaomi.Option{xiaomi.WithDailyQuota(1)}, cert: good, token: "$TOKEN", before: 1, code: "200002", reason: protocol.ReasonVendorQuotaExceeded},
		{name: "app rate", opts: []xiaomi.Option{xiaomi.WithRequestRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "10023", reason: protocol.ReasonVendorRateLimited},
		{name: "IP rate", opts: []xiaomi.Option{xiaomi.WithIPRateLimit(1, time.Minute)}, cert: good, token: "$TOKEN", before: 1, code: "10022", reason: protocol.ReasonVendorRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				other := mockvendors.App{ID: "2882303761517520002", Secret: "other", Package: "com.other"}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}}, tc.opts...)
				_, tok := e.phone("alice")
				req := protocol.PushRequest{MsgKey: "m1", Device: "alice", Token: tc.token, Cert: tc.cert, Title: "Bob", Desc: "hi",
					Android: &protocol.AndroidInfo{XiaoMiChannelID: channel}}
				if tc.token == "$TOKEN" {
					req.Token = tok
				}
				for range tc.before {
					e.client.Push(context.Background(), req)
				}
				res := e.client.Push(context.Background(), req)
				if res.Code != tc.code || res.Reason != tc.reason {
					t.Fatalf("Push = %+v, want code %s reason %q", res, tc.code, tc.reason)
				}
				if tc.code == "0" && res.VendorMsgID == "" {
					t.Fatal("accepted without a vendor message ID")
				}
				if res.Message == "" {
					t.Fatal("no message")
				}
			})
		})
	}
}

func TestClientTransportErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		c := xiaomi.NewClient("http://nowhere.sim:80", e.HC)
		res := c.Push(context.Background(), protocol.PushRequest{Token: unknownRegID, Cert: cert(secret, protocol.ClickAction{}), Title: "t", Desc: "d"})
		if res.Reason != protocol.ReasonVendorUnavailable || res.Message == "" {
			t.Fatalf("Push to nowhere = %+v", res)
		}
		// The receipt backend answers 404 for unknown paths: not a MiPush
		// answer, and not HTTP 200.
		notXiaomi := xiaomi.NewClient(backend, e.HC)
		if _, err := notXiaomi.SendToRegIDs(context.Background(), secret, []string{unknownRegID}, note("t", "c")); err == nil ||
			!strings.Contains(err.Error(), "HTTP 404") {
			t.Fatalf("a non-200 answer gave %v, want an HTTP error", err)
		}
	})
}

func TestMessageFor(t *testing.T) {
	long := strings.Repeat("长", 200)
	tests := []struct {
		name  string
		click protocol.ClickAction
		ext   string
		want  map[string]string // extras
	}{
		{"open app with ext", protocol.ClickAction{Action: protocol.ClickOpenApp}, `{"conv":"c2c_bob"}`,
			map[string]string{"notify_effect": "1", "ext": `{"conv":"c2c_bob"}`, "channel_id": channel, "sound_uri": "android.resource://" + pkg + "/raw/ding"}},
		{"default is open app", protocol.ClickAction{}, "",
			map[string]string{"notify_effect": "1", "channel_id": channel, "sound_uri": "android.resource://" + pkg + "/raw/ding"}},
		{"open activity", protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}, `{"a":"b c"}`,
			map[string]string{"notify_effect": "2", "ext": `{"a":"b c"}`, "channel_id": channel, "sound_uri": "android.resource://" + pkg + "/raw/ding",
				"intent_uri": "intent:#Intent;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=%7B%22a%22%3A%22b%20c%22%7D;end"}},
		{"open url", protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com/a"}, "",
			map[string]string{"notify_effect": "3", "web_uri": "https://example.com/a", "channel_id": channel, "sound_uri": "android.resource://" + pkg + "/raw/ding"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := xiaomi.MessageFor(protocol.PushRequest{MsgKey: "m1", Cert: cert(secret, tc.click), Title: long, Desc: long, Ext: tc.ext,
				Android: &protocol.AndroidInfo{XiaoMiChannelID: channel, Sound: "ding"}})
			if len(m.Extra) != len(tc.want) {
				t.Errorf("extras = %v, want %v", m.Extra, tc.want)
			}
			for k, v := range tc.want {
				if m.Extra[k] != v {
					t.Errorf("extra.%s = %q, want %q", k, m.Extra[k], v)
				}
			}
			if len([]rune(m.Title)) != 49 || len([]rune(m.Description)) != 127 {
				t.Errorf("title/description cut to %d/%d characters, want 49/127", len([]rune(m.Title)), len([]rune(m.Description)))
			}
			if m.PassThrough != 0 || m.NotifyType == nil || *m.NotifyType != -1 || m.NotifyID == nil ||
				len(m.RestrictedPackageNames) != 1 || m.RestrictedPackageNames[0] != pkg {
				t.Errorf("message = %+v", m)
			}
			if _, err := xiaomi.ParseMessage(m.Form()); err != nil {
				t.Errorf("the server refuses the mapped message: %v", err)
			}
		})
	}
	a := xiaomi.MessageFor(protocol.PushRequest{MsgKey: "m1", Cert: cert(secret, protocol.ClickAction{}), Title: "t", Desc: "d"})
	b := xiaomi.MessageFor(protocol.PushRequest{MsgKey: "m2", Cert: cert(secret, protocol.ClickAction{}), Title: "t", Desc: "d"})
	if *a.NotifyID == *b.NotifyID {
		t.Error("two IM messages share a notify_id: the second would replace the first")
	}
	withReceipts := cert(secret, protocol.ClickAction{})
	withReceipts.Credentials[protocol.CredReceiptURL] = callback
	r := xiaomi.MessageFor(protocol.PushRequest{MsgKey: "m1", Cert: withReceipts, Title: "t", Desc: "d"})
	if r.Extra["callback"] != callback || r.Extra["callback.param"] != "m1" || r.Extra["callback.type"] != "3" {
		t.Errorf("receipt extras = %v", r.Extra)
	}
}

func TestClientDeliversClickAndExt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		res := e.client.Push(context.Background(), protocol.PushRequest{MsgKey: "m1", Token: tok,
			Cert:  cert(secret, protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}),
			Title: "Bob", Desc: "hi there", Ext: `{"conv":"c2c_bob"}`, Android: &protocol.AndroidInfo{XiaoMiChannelID: channel}})
		if res.Reason != protocol.ReasonNone || res.Message != "Received push messages for 1 REGID" {
			t.Fatalf("Push = %+v", res)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != res.VendorMsgID {
			t.Fatalf("notices = %+v", got)
		}
		click, ext, err := decodeXiaomiClick(got[0].Payload)
		if err != nil || click.Action != protocol.ClickOpenActivity || click.Activity != "com.example.chat.ChatActivity" || ext != `{"conv":"c2c_bob"}` {
			t.Fatalf("the device reads %+v %q %v", click, ext, err)
		}
		var m xiaomi.DeviceMessage
		_ = json.Unmarshal(got[0].Payload, &m)
		if m.Extra["channel_id"] != channel || m.Title != "Bob" || m.Description != "hi there" {
			t.Fatalf("MiPushMessage = %+v", m)
		}
	})
}

func TestReasonFor(t *testing.T) {
	tests := []struct {
		code int
		want protocol.Reason
	}{
		{0, protocol.ReasonNone},
		{21301, protocol.ReasonVendorAuthFailed},
		{22001, protocol.ReasonVendorAuthFailed},
		{22002, protocol.ReasonVendorAuthFailed},
		{22006, protocol.ReasonVendorAuthFailed},
		{20301, protocol.ReasonVendorTokenInvalid},
		{10022, protocol.ReasonVendorRateLimited},
		{10023, protocol.ReasonVendorRateLimited},
		{10024, protocol.ReasonVendorRateLimited},
		{200002, protocol.ReasonVendorQuotaExceeded},
		{200001, protocol.ReasonVendorQuotaExceeded},
		{10016, protocol.ReasonVendorError},
		{10017, protocol.ReasonVendorError},
		{10001, protocol.ReasonVendorError},
		{80002, protocol.ReasonVendorError},
	}
	for _, tc := range tests {
		if got := xiaomi.ReasonFor(tc.code); got != tc.want {
			t.Errorf("ReasonFor(%d) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestClientCallGET(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		r, err := e.client.Call(context.Background(), http.MethodGet, xiaomi.PathInvalidRegIDs, nil, "wrong")
		if err != nil || r.Code != xiaomi.CodeAuthFailed || r.Result != xiaomi.ResultError {
			t.Fatalf("GET with a wrong secret = %+v, %v", r, err)
		}
	})
}
