package apns_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// TestPushReasons checks each refusal's status and reason.
func TestPushReasons(t *testing.T) {
	other := apns.AppFor("com.example.other", "OTHERTEAM1", "", "")
	type req struct {
		method  string
		path    string
		headers map[string]string
		body    string
	}
	cases := []struct {
		name   string
		opts   []apns.Option
		req    func(e *env, token string) req
		status int
		reason string
	}{
		{"GET", nil, func(e *env, tok string) req {
			return req{http.MethodGet, apns.DevicePath(tok), e.headers(e.bearer()), ""}
		}, 405, apns.ReasonMethodNotAllowed},
		{"bad path", nil, func(e *env, tok string) req {
			return req{"POST", "/3/devices/" + tok, e.headers(e.bearer()), alertJSON}
		}, 404, apns.ReasonBadPath},
		{"no device token", nil, func(e *env, tok string) req { return req{"POST", "/3/device/", e.headers(e.bearer()), alertJSON} }, 400, apns.ReasonMissingDeviceToken},
		{"no provider token", nil, func(e *env, tok string) req {
			h := e.headers("")
			delete(h, "authorization")
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 403, apns.ReasonMissingProviderToken},
		{"garbage token", nil, func(e *env, tok string) req { return req{"POST", apns.DevicePath(tok), e.headers("a.b.c"), alertJSON} }, 403, apns.ReasonInvalidProviderToken},
		{"token of another key", nil, func(e *env, tok string) req {
			k, _ := newKey(t)
			b, _ := apns.NewProviderToken(team, keyID, k, time.Now())
			return req{"POST", apns.DevicePath(tok), e.headers(b), alertJSON}
		}, 403, apns.ReasonInvalidProviderToken},
		{"token of an unknown key ID", nil, func(e *env, tok string) req {
			b, _ := apns.NewProviderToken(team, "OTHERKEY00", e.key, time.Now())
			return req{"POST", apns.DevicePath(tok), e.headers(b), alertJSON}
		}, 403, apns.ReasonInvalidProviderToken},
		{"token from the future", nil, func(e *env, tok string) req {
			b, _ := apns.NewProviderToken(team, keyID, e.key, time.Now().Add(time.Hour))
			return req{"POST", apns.DevicePath(tok), e.headers(b), alertJSON}
		}, 403, apns.ReasonInvalidProviderToken},
		{"token over an hour old", nil, func(e *env, tok string) req {
			b, _ := apns.NewProviderToken(team, keyID, e.key, time.Now().Add(-61*time.Minute))
			return req{"POST", apns.DevicePath(tok), e.headers(b), alertJSON}
		}, 403, apns.ReasonExpiredProviderToken},
		{"no topic", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			delete(h, "apns-topic")
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonMissingTopic},
		{"malformed topic", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-topic"] = "com example"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonBadTopic},
		{"topic of another team", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-topic"] = other.ID
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 403, apns.ReasonInvalidProviderToken},
		{"unknown topic", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-topic"] = "com.example.nobody"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonTopicDisallowed},
		{"bad push type", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-push-type"] = "banner"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonInvalidPushType},
		{"bad priority", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-priority"] = "7"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonBadPriority},
		{"bad expiration", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-expiration"] = "tomorrow"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonBadExpirationDate},
		{"bad apns-id", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-id"] = "42"
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonBadMessageID},
		{"long collapse id", nil, func(e *env, tok string) req {
			h := e.headers(e.bearer())
			h["apns-collapse-id"] = strings.Repeat("c", 65)
			return req{"POST", apns.DevicePath(tok), h, alertJSON}
		}, 400, apns.ReasonBadCollapseID},
		{"malformed device token", nil, func(e *env, tok string) req {
			return req{"POST", apns.DevicePath("abc"), e.headers(e.bearer()), alertJSON}
		}, 400, apns.ReasonBadDeviceToken},
		{"empty payload", nil, func(e *env, tok string) req { return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), ""} }, 400, apns.ReasonPayloadEmpty},
		{"payload not an object", nil, func(e *env, tok string) req { return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), "[1]"} }, 400, apns.ReasonPayloadEmpty},
		{"payload over 4 KB", nil, func(e *env, tok string) req {
			return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), `{"aps":{"alert":"` + strings.Repeat("x", 4100) + `"}}`}
		}, 413, apns.ReasonPayloadTooLarge},
		{"unknown device token", nil, func(e *env, tok string) req {
			return req{"POST", apns.DevicePath(apns.NewDeviceToken(1, bundle, "x", 1)), e.headers(e.bearer()), alertJSON}
		}, 400, apns.ReasonBadDeviceToken},
		{"token of another app", nil, func(e *env, tok string) req {
			e.srv.AddApp(apns.AppFor("com.example.mine", team, "", ""))
			_, st := e.phone("phone-2", protocol.RegisterRequest{AppID: "com.example.mine", Package: "com.example.mine"})
			return req{"POST", apns.DevicePath(st.Token), e.headers(e.bearer()), alertJSON}
		}, 400, apns.ReasonDeviceTokenNotForTopic},
		{"device rate", []apns.Option{apns.WithDeviceRate(1, time.Minute)}, func(e *env, tok string) req {
			if a := e.do("POST", apns.DevicePath(tok), e.headers(e.bearer()), []byte(alertJSON)); a.status != 200 {
				e.t.Fatalf("first push = %d %s", a.status, a.raw)
			}
			return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), alertJSON}
		}, 429, apns.ReasonTooManyRequests},
		{"unavailable", []apns.Option{apns.WithServerErrors(1, 0)}, func(e *env, tok string) req {
			return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), alertJSON}
		}, 503, apns.ReasonServiceUnavailable},
		{"internal", []apns.Option{apns.WithServerErrors(0, 1)}, func(e *env, tok string) req {
			return req{"POST", apns.DevicePath(tok), e.headers(e.bearer()), alertJSON}
		}, 500, apns.ReasonInternalServerError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, c.opts, other)
				_, tok := e.device("phone-1")
				r := c.req(e, tok)
				a := e.do(r.method, r.path, r.headers, []byte(r.body))
				if a.status != c.status || a.body.Reason != c.reason || apns.StatusOf(c.reason) != c.status {
					t.Errorf("answer %d %s, want %d %s", a.status, a.raw, c.status, c.reason)
				}
				if e.srv.Messages().Len() > 1 || (c.status != 429 && e.srv.Messages().Len() != 0) {
					t.Error("a refused notification was recorded")
				}
			})
		})
	}
}

func TestPushDuplicateHeaders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		_, tok := e.device("phone-1")
		req, _ := http.NewRequest(http.MethodPost, apiURL+apns.DevicePath(tok), strings.NewReader(alertJSON))
		req.Header.Set("authorization", "bearer "+e.bearer())
		req.Header.Add("apns-topic", bundle)
		req.Header.Add("apns-topic", bundle)
		resp, err := e.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b apns.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&b)
		if resp.StatusCode != 400 || b.Reason != apns.ReasonDuplicateHeaders {
			t.Errorf("repeated apns-topic = %d %+v", resp.StatusCode, b)
		}
	})
}

func TestPushAcceptsAndDelivers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		dev, tok := e.device("phone-1")
		h := e.headers(e.bearer())
		h["apns-collapse-id"] = "conv-bob"
		a := e.do("POST", apns.DevicePath(strings.ToUpper(tok)), h, []byte(alertJSON))
		if a.status != 200 || len(a.raw) != 0 || a.header.Get("apns-id") == "" || a.header.Get("apns-unique-id") == "" {
			t.Fatalf("push = %d %q %v", a.status, a.raw, a.header)
		}
		id := a.header.Get("apns-id")
		msgs := e.srv.Messages().List()
		if len(msgs) != 1 || msgs[0].MsgID != id || msgs[0].Token != tok || msgs[0].Title != "Bob" || msgs[0].Body != "hi" ||
			msgs[0].Params["apns-collapse-id"] != "conv-bob" || msgs[0].Click.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Errorf("recorded %+v", msgs)
		}
		for k, v := range msgs[0].Params {
			if strings.Contains(v, "bearer") || k == "authorization" {
				t.Error("the recorder kept the provider token")
			}
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		notes := dev.Notices()
		if len(notes) != 1 || notes[0].MsgID != id || notes[0].Package != bundle {
			t.Fatalf("delivered %+v", notes)
		}
		var got, want any
		_ = json.Unmarshal(notes[0].Payload, &got)
		_ = json.Unmarshal([]byte(alertJSON), &want)
		if !jsonEqual(got, want) {
			t.Errorf("payload %s, want the provider's", notes[0].Payload)
		}

		// apns-expiration 0: once or never. The device is away: lost.
		dev.Close()
		synctest.Wait()
		h = e.headers(e.bearer())
		h["apns-expiration"] = "0"
		if a := e.do("POST", apns.DevicePath(tok), h, []byte(alertJSON)); a.status != 200 {
			t.Fatalf("push = %d %s", a.status, a.raw)
		}
		// An expiration a minute away: waits, then expires.
		h["apns-expiration"] = itoa(time.Now().Add(time.Minute).Unix())
		if a := e.do("POST", apns.DevicePath(tok), h, []byte(alertJSON)); a.status != 200 {
			t.Fatalf("push = %d %s", a.status, a.raw)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		var reasons []protocol.Reason
		for _, ev := range e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == trace.VendorDrop }) {
			reasons = append(reasons, ev.Reason)
		}
		if len(reasons) != 2 || reasons[0] != protocol.ReasonDeviceNetworkDown || reasons[1] != protocol.ReasonExpired {
			t.Errorf("drops %v, want device_network_down then expired", reasons)
		}

		// The 410 timestamp stays the moment APNs learned of it.
		e.srv.Hub().Unregister(tok)
		first := e.do("POST", apns.DevicePath(tok), e.headers(e.bearer()), []byte(alertJSON))
		time.Sleep(time.Minute)
		second := e.do("POST", apns.DevicePath(tok), e.headers(e.bearer()), []byte(alertJSON))
		if first.status != 410 || first.body.Reason != apns.ReasonUnregistered || first.body.Timestamp != time.Now().Add(-time.Minute).UnixMilli() ||
			second.body.Timestamp != first.body.Timestamp {
			t.Errorf("410s = %s then %s", first.raw, second.raw)
		}
	})
}

func TestRegister(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, nil)
		for _, c := range []struct {
			name string
			req  protocol.RegisterRequest
			code string
		}{
			{"ok", protocol.RegisterRequest{AppID: bundle, Package: bundle}, apns.RegisterOK},
			{"bundle only", protocol.RegisterRequest{Package: bundle}, apns.RegisterOK},
			{"unknown", protocol.RegisterRequest{AppID: "com.example.nobody"}, apns.RegisterNoEntitlement},
			{"other package", protocol.RegisterRequest{AppID: bundle, Package: "com.example.other"}, apns.RegisterNoEntitlement},
		} {
			_, st := e.phone("phone-"+strings.ReplaceAll(c.name, " ", "-"), c.req)
			if st.Code != c.code || (st.Token != "") != (c.code == apns.RegisterOK) {
				t.Errorf("%s: register = %+v", c.name, st)
			}
		}
	})
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// Device tokens and apns-ids follow the seed and the requests, not timing.
func TestDeterministicIDs(t *testing.T) {
	run := func() []string {
		var out []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, nil)
			_, tok := e.device("phone-1")
			out = append(out, tok)
			for range 2 {
				a := e.do("POST", apns.DevicePath(tok), e.headers(e.bearer()), []byte(alertJSON))
				out = append(out, a.header.Get("apns-id"), a.header.Get("apns-unique-id"))
			}
		})
		return out
	}
	a, b := run(), run()
	if strings.Join(a, ",") != strings.Join(b, ",") || a[1] == a[3] || a[1] == a[2] {
		t.Errorf("runs differ or repeat IDs:\n%v\n%v", a, b)
	}
}
