package apns_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
)

// FuzzReadPayload: payloads are objects or refused, never a panic.
func FuzzReadPayload(f *testing.F) {
	for _, s := range []string{alertJSON, `{"aps":{"alert":"hi","badge":"x"}}`, `{"aps":[]}`, `{}`, `[]`, `null`, `{"a":1}{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := apns.ReadPayload([]byte(s))
		if err == nil {
			_ = apns.CustomStrings(n.Custom)
		}
	})
}

// FuzzParseHeaders: any header values are accepted or refused with a
// 400 reason.
func FuzzParseHeaders(f *testing.F) {
	f.Add("com.example.chat", "alert", "10", "0", "123e4567-e89b-12d3-a456-426614174000", "c")
	f.Add("", "x", "7", "-1", "x", strings.Repeat("c", 70))
	f.Fuzz(func(t *testing.T, topic, pushType, priority, expiration, id, collapse string) {
		h := http.Header{}
		for k, v := range map[string]string{"apns-topic": topic, "apns-push-type": pushType, "apns-priority": priority,
			"apns-expiration": expiration, "apns-id": id, "apns-collapse-id": collapse} {
			if v != "" {
				h.Set(k, v)
			}
		}
		hdr, f := apns.ParseHeaders(h)
		if f != nil {
			if apns.StatusOf(f.Reason) != http.StatusBadRequest {
				t.Fatalf("header refusal %s is not a 400", f.Reason)
			}
			return
		}
		if hdr.Priority != 10 && hdr.Priority != 5 && hdr.Priority != 1 {
			t.Fatalf("accepted priority %d", hdr.Priority)
		}
	})
}

// FuzzPush: any request gets 200 or an APNs reason.
func FuzzPush(f *testing.F) {
	key, keyPEM := newKey(f)
	srv, err := apns.New(mockvendors.Config{Apps: []mockvendors.App{demoApp(keyPEM)}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	bearer, err := apns.NewProviderToken(team, keyID, key, time.Now())
	if err != nil {
		f.Fatal(err)
	}
	f.Add("bearer "+bearer, bundle, apns.NewDeviceToken(1, bundle, "d", 1), alertJSON)
	f.Add("bearer a.b.c", "", "x", "")
	f.Add("Basic x", bundle, strings.Repeat("f", 64), `{"aps":1}`)
	f.Fuzz(func(t *testing.T, authz, topic, token, body string) {
		req := httptest.NewRequest(http.MethodPost, "/3/device/x", strings.NewReader(body))
		req.URL.Path = "/3/device/" + token
		if authz != "" {
			req.Header.Set("authorization", authz)
		}
		if topic != "" {
			req.Header.Set("apns-topic", topic)
		}
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		if w.Code == http.StatusOK {
			return
		}
		var b apns.ErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.Reason == "" || apns.StatusOf(b.Reason) != w.Code {
			t.Fatalf("answer %d %q is not an APNs refusal", w.Code, w.Body)
		}
	})
}

// FuzzParseKey never panics on key text.
func FuzzParseKey(f *testing.F) {
	_, keyPEM := newKey(f)
	f.Add(keyPEM)
	f.Add("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	f.Fuzz(func(t *testing.T, s string) {
		if k, err := apns.ParseKey(s); err == nil && k == nil {
			t.Fatal("nil key without an error")
		}
	})
}
