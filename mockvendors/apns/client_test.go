package apns_test

import (
	"context"
	"encoding/json"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
)

func TestNotificationFor(t *testing.T) {
	cert := func(click protocol.ClickAction) protocol.Certificate {
		return protocol.Certificate{Vendor: protocol.VendorAPNs, Credentials: map[string]string{"bundle_id": bundle}, Click: click}
	}
	for _, c := range []struct {
		name     string
		req      protocol.PushRequest
		pushType string
		priority int
		want     string
	}{
		{"alert with ext", protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Ext: "x", Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenApp})},
			"alert", 10, `{"aps":{"alert":{"title":"Bob","body":"hi"},"badge":1,"sound":"default"},"ext":"x"}`},
		{"apns info", protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Cert: cert(protocol.ClickAction{}),
			Apns: &protocol.ApnsInfo{Title: "Bob (iOS)", SubTitle: "chat", Sound: "ding.caf", BadgeMode: 1, MutableContent: 1,
				InterruptionLevel: "time-sensitive", Image: "https://e.com/a.png"}},
			"alert", 10, `{"aps":{"alert":{"title":"Bob (iOS)","subtitle":"chat","body":"hi"},"sound":"ding.caf","mutable-content":1,"interruption-level":"time-sensitive"},"image":"https://e.com/a.png"}`},
		{"url", protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://e.com"})},
			"alert", 10, `{"aps":{"alert":{"title":"Bob","body":"hi"},"badge":1,"sound":"default"},"url":"https://e.com"}`},
		{"activity", protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Ext: "x",
			Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"})},
			"alert", 10, `{"activity":"com.example.chat.ChatActivity","aps":{"alert":{"title":"Bob","body":"hi"},"badge":1,"sound":"default"},"ext":"x"}`},
		{"silent", protocol.PushRequest{Token: "t", Title: "Bob", Desc: "hi", Ext: "x", Cert: cert(protocol.ClickAction{}),
			Apns: &protocol.ApnsInfo{ContentAvailable: 1}},
			"background", 5, `{"aps":{"content-available":1},"ext":"x"}`},
	} {
		n, err := apns.NotificationFor(c.req)
		if err != nil {
			t.Fatal(err)
		}
		if n.Topic != bundle || n.DeviceToken != "t" || n.PushType != c.pushType || n.Priority != c.priority {
			t.Errorf("%s: headers %+v", c.name, n)
		}
		var got, want any
		_ = json.Unmarshal(n.Payload, &got)
		_ = json.Unmarshal([]byte(c.want), &want)
		if !jsonEqual(got, want) {
			t.Errorf("%s: payload %s, want %s", c.name, n.Payload, c.want)
		}
	}
}

func TestReasonFor(t *testing.T) {
	for _, c := range []struct {
		status int
		reason string
		want   protocol.Reason
	}{
		{200, "", protocol.ReasonNone},
		{410, apns.ReasonUnregistered, protocol.ReasonVendorTokenInvalid},
		{410, apns.ReasonExpiredToken, protocol.ReasonVendorTokenInvalid},
		{400, apns.ReasonBadDeviceToken, protocol.ReasonVendorTokenInvalid},
		{400, apns.ReasonDeviceTokenNotForTopic, protocol.ReasonVendorTokenInvalid},
		{403, apns.ReasonInvalidProviderToken, protocol.ReasonVendorAuthFailed},
		{403, apns.ReasonExpiredProviderToken, protocol.ReasonVendorAuthFailed},
		{400, apns.ReasonTopicDisallowed, protocol.ReasonVendorAuthFailed},
		{429, apns.ReasonTooManyRequests, protocol.ReasonVendorRateLimited},
		{429, apns.ReasonTooManyProviderTokenUpdates, protocol.ReasonVendorRateLimited},
		{413, apns.ReasonPayloadTooLarge, protocol.ReasonVendorError},
		{503, apns.ReasonServiceUnavailable, protocol.ReasonVendorUnavailable},
	} {
		if got := apns.ReasonFor(c.status, c.reason); got != c.want {
			t.Errorf("ReasonFor(%d, %s) = %q, want %q", c.status, c.reason, got, c.want)
		}
	}
}

func (e *env) cert() protocol.Certificate {
	return protocol.Certificate{Vendor: protocol.VendorAPNs, Package: bundle,
		Credentials: map[string]string{"bundle_id": bundle, "team_id": team, "key_id": keyID, "key": e.keyPEM}}
}

// The client reuses its provider token (so Apple's 20-minute rule holds),
// and signs a new one when APNs says it expired.
func TestClientProviderTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, []apns.Option{apns.WithProviderTokenLifetime(10 * time.Minute), apns.WithProviderTokenRefresh(0)})
		_, tok := e.device("phone-1")
		push := func() protocol.PushResult {
			return e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: e.cert(), Title: "T", Desc: "D"})
		}
		for i := range 3 {
			if r := push(); r.Reason != protocol.ReasonNone || r.Code != "200" || r.VendorMsgID == "" {
				t.Fatalf("push %d = %+v", i, r)
			}
			time.Sleep(time.Minute)
		}
		time.Sleep(10 * time.Minute)
		if r := push(); r.Reason != protocol.ReasonNone {
			t.Errorf("push after the server expired the token = %+v, want a retry with a new one", r)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		_, tok := e.device("phone-1")
		for range 5 {
			if r := e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: e.cert(), Title: "T"}); r.Reason != protocol.ReasonNone {
				t.Fatalf("push with Apple's token rules = %+v", r)
			}
			time.Sleep(15 * time.Minute)
		}
	})
}

func TestClientResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		_, tok := e.device("phone-1")
		push := func(c protocol.Certificate, token string) protocol.PushResult {
			return e.client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: c, Title: "T", Desc: "D"})
		}
		if r := push(e.cert(), "abc"); r.Reason != protocol.ReasonVendorTokenInvalid || r.Code != apns.ReasonBadDeviceToken {
			t.Errorf("push to a malformed token = %+v", r)
		}
		bad := e.cert()
		bad.Credentials = map[string]string{"bundle_id": bundle, "team_id": team, "key_id": keyID, "key": "nope"}
		if r := push(bad, tok); r.Reason != protocol.ReasonVendorAuthFailed {
			t.Errorf("push with a broken key = %+v", r)
		}
		other := e.cert()
		other.Credentials = map[string]string{"bundle_id": "com.example.nobody", "team_id": team, "key_id": keyID, "key": e.keyPEM}
		if r := push(other, tok); r.Reason != protocol.ReasonVendorAuthFailed || r.Code != apns.ReasonTopicDisallowed {
			t.Errorf("push for another bundle = %+v", r)
		}
		down := apns.NewClient("http://nowhere.sim:80", e.hc)
		if r := down.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: e.cert()}); r.Reason != protocol.ReasonVendorUnavailable {
			t.Errorf("push to an unreachable server = %+v", r)
		}
	})
}
