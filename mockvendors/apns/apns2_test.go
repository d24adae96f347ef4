package apns_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sideshow/apns2"
	"github.com/sideshow/apns2/payload"
	"github.com/sideshow/apns2/token"

	"github.com/pushsim/pushsim/internal/h2client"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
)

// realTime is an APNs mock served on loopback over h2c (and HTTP/1.1 for
// the device channel), with one registered iPhone.
type realTime struct {
	srv    *apns.Server
	h2c    *httptest.Server
	token  string
	http2s atomic.Int32 // requests that arrived over HTTP/2
}

func newRealTime(t *testing.T, keyPEM string) *realTime {
	t.Helper()
	rt := &realTime{}
	srv, err := apns.New(mockvendors.Config{Seed: 3, Apps: []mockvendors.App{demoApp(keyPEM)},
		Latency: seed.Latency{Median: time.Millisecond, P99: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	rt.srv = srv
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 2 {
			rt.http2s.Add(1)
		}
		srv.Handler().ServeHTTP(w, r)
	})
	rt.h2c = httptest.NewUnstartedServer(counted)
	rt.h2c.Config.Protocols = new(http.Protocols)
	rt.h2c.Config.Protocols.SetHTTP1(true)
	rt.h2c.Config.Protocols.SetUnencryptedHTTP2(true)
	rt.h2c.Start()
	t.Cleanup(func() {
		srv.Close()
		rt.h2c.Close()
	})
	rt.token = registerOn(t, rt.h2c.URL, "iphone")
	return rt
}

// registerOn registers the demo app from a device over the device channel
// at base and returns its device token.
func registerOn(t *testing.T, base, device string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, &net.Dialer{}, base, device)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dev.Close)
	seq, err := dev.Register(protocol.RegisterRequest{AppID: bundle, Package: bundle, DeviceID: device, Brand: "apple"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, ok := dev.Status(seq); ok {
			if st.Code != apns.RegisterOK {
				t.Fatalf("register = %+v", st)
			}
			return st.Token
		}
		if time.Now().After(deadline) {
			t.Fatal("no register_status within 10s")
		}
		select {
		case <-dev.Closed():
			t.Fatal("device channel closed")
		case <-time.After(time.Millisecond):
		}
	}
}

// h2cClient is an apns2 token client speaking HTTP/2 without TLS.
func h2cClient(t *testing.T, host, keyPEM string) *apns2.Client {
	t.Helper()
	key, err := token.AuthKeyFromBytes([]byte(keyPEM))
	if err != nil {
		t.Fatal(err)
	}
	c := apns2.NewTokenClient(&token.Token{AuthKey: key, KeyID: keyID, TeamID: team})
	tr := h2client.H2C()
	t.Cleanup(tr.CloseIdleConnections)
	c.Host, c.HTTPClient = host, &http.Client{Transport: tr, Timeout: 10 * time.Second}
	return c
}

func alert(deviceToken string) *apns2.Notification {
	return &apns2.Notification{DeviceToken: deviceToken, Topic: bundle,
		Payload: payload.NewPayload().AlertTitle("Bob").AlertBody("hi there").Badge(1).Sound("default").Custom("ext", `{"conv":"c2c_bob"}`)}
}

// The unmodified apns2 client sends over h2c with a provider token and
// reads Unregistered (410, reason and timestamp) as from the real APNs.
func TestAPNS2ClientOverH2C(t *testing.T) {
	_, keyPEM := newKey(t)
	rt := newRealTime(t, keyPEM)
	client := h2cClient(t, rt.h2c.URL, keyPEM)

	res, err := client.Push(alert(rt.token))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Sent() || res.ApnsID == "" || res.ApnsUniqueID == "" {
		t.Fatalf("push = %+v", res)
	}
	msgs := rt.srv.Messages().List()
	if len(msgs) != 1 || msgs[0].MsgID != res.ApnsID || msgs[0].Title != "Bob" || msgs[0].Body != "hi there" ||
		msgs[0].Click.Extras["ext"] != `{"conv":"c2c_bob"}` {
		t.Errorf("recorded %+v", msgs)
	}
	if rt.http2s.Load() == 0 {
		t.Error("no request arrived over HTTP/2")
	}

	// A given apns-id is echoed.
	n := alert(rt.token)
	n.ApnsID = "123e4567-e89b-12d3-a456-426614174000"
	if res, err := client.Push(n); err != nil || res.ApnsID != n.ApnsID {
		t.Errorf("push with apns-id = %+v, %v", res, err)
	}

	before := time.Now().Add(-time.Second)
	rt.srv.Hub().Unregister(rt.token)
	res, err = client.Push(alert(rt.token))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusGone || res.Reason != apns2.ReasonUnregistered || res.Timestamp.Before(before) {
		t.Errorf("push to an uninstalled app = %+v, want 410 Unregistered with a timestamp", res)
	}

	res, err = client.Push(alert(apns.NewDeviceToken(1, bundle, "other", 1)))
	if err != nil || res.StatusCode != http.StatusBadRequest || res.Reason != apns2.ReasonBadDeviceToken {
		t.Errorf("push to an unknown token = %+v, %v", res, err)
	}

	_, otherPEM := newKey(t)
	res, err = h2cClient(t, rt.h2c.URL, otherPEM).Push(alert(rt.token))
	if err != nil || res.StatusCode != http.StatusForbidden || res.Reason != apns2.ReasonInvalidProviderToken {
		t.Errorf("push signed with another key = %+v, %v", res, err)
	}
}

// Over TLS with ALPN h2, as against the real host.
func TestAPNS2ClientOverTLS(t *testing.T) {
	_, keyPEM := newKey(t)
	rt := newRealTime(t, keyPEM)
	ts := httptest.NewUnstartedServer(rt.srv.Handler())
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()

	key, err := token.AuthKeyFromBytes([]byte(keyPEM))
	if err != nil {
		t.Fatal(err)
	}
	client := apns2.NewTokenClient(&token.Token{AuthKey: key, KeyID: keyID, TeamID: team})
	tr := h2client.TLS(ts.Client().Transport.(*http.Transport).TLSClientConfig)
	defer tr.CloseIdleConnections()
	client.Host, client.HTTPClient = ts.URL, &http.Client{Transport: tr, Timeout: 10 * time.Second}
	res, err := client.Push(alert(rt.token))
	if err != nil || !res.Sent() {
		t.Fatalf("push over TLS = %+v, %v", res, err)
	}
}
