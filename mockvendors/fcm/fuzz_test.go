package fcm_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
)

var requestSeeds = []string{
	msg(fcm.NewToken(1, project, pkg, "d", 1)),
	`{"validateOnly":true,"message":{"topic":"news","data":{"a":"b"},"android":{"ttl":"1.5s","priority":"high"}}}`,
	`{"message":{"condition":"'a' in topics","android":{"notification":{"notificationCount":"7","bodyLocArgs":["x"],"lightSettings":{"color":{"red":1}}}}}}`,
	`{"message":{"token":"x","apns":{"headers":{"apns-priority":"10"},"payload":{"aps":{"alert":"hi"}}},"webpush":{"notification":{"title":"t"},"fcm_options":{"link":"https://e.com"}}}}`,
	`{"message":{"token":"x","data":{"n":1}}}`, `{"message":{"foo":1}}`, `[]`, `null`, `{"message":null}`, `{"message":{"token":"a","topic":"b"}}`,
}

// FuzzParseSendRequest: the front end's parser never panics, refuses only
// with INVALID_ARGUMENT, and what it accepts re-parses to the same thing.
func FuzzParseSendRequest(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		req, e := fcm.ParseSendRequest([]byte(s))
		if e != nil {
			if e.HTTPStatus != http.StatusBadRequest || e.Status != fcm.StatusInvalidArgument {
				t.Fatalf("refusal %v is not a 400 INVALID_ARGUMENT", e)
			}
			return
		}
		_ = fcm.Validate(req, fcm.MaxPayload, fcm.MaxTopicPayload)
		first, err := json.Marshal(req)
		if err != nil {
			t.Fatalf("marshal accepted request: %v", err)
		}
		again, e := fcm.ParseSendRequest(first)
		if e != nil {
			t.Fatalf("normalized %s does not parse: %v", first, e)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

func fuzzHandler(f *testing.F) http.Handler {
	srv, err := fcm.New(mockvendors.Config{Apps: []mockvendors.App{fcm.AppFor(project, pkg, "")}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	return srv.Handler()
}

// FuzzSend: any body gets a message name or a Google error envelope.
func FuzzSend(f *testing.F) {
	h := fuzzHandler(f)
	for _, s := range requestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, fcm.SendPath(project), strings.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == http.StatusOK {
			var ok fcm.SendResponse
			if json.Unmarshal(w.Body.Bytes(), &ok) != nil || !strings.HasPrefix(ok.Name, "projects/"+project+"/messages/") {
				t.Fatalf("200 without a name: %s", w.Body)
			}
			return
		}
		var e fcm.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != w.Code || e.Error.Status == "" {
			t.Fatalf("answer %d %s is not an error envelope", w.Code, w.Body)
		}
	})
}

// FuzzTokenEndpoint: any form gets a token or an OAuth error.
func FuzzTokenEndpoint(f *testing.F) {
	h := fuzzHandler(f)
	f.Add(url.Values{"grant_type": {fcm.GrantTypeJWTBearer}, "assertion": {"a.b.c"}}.Encode())
	f.Add("grant_type=" + url.QueryEscape(fcm.GrantTypeJWTBearer) + "&assertion=eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, fcm.PathToken, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var te fcm.TokenError
		if w.Code != http.StatusBadRequest || json.Unmarshal(w.Body.Bytes(), &te) != nil || te.Error == "" {
			t.Fatalf("answer %d %s is not an OAuth error", w.Code, w.Body)
		}
	})
}

// FuzzParseServiceAccount never panics on key file text.
func FuzzParseServiceAccount(f *testing.F) {
	f.Add(`{"type":"service_account","client_email":"a@b","private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}`)
	f.Add(`{"type":1}`)
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.HasPrefix(strings.TrimSpace(s), "{") {
			return // a path: not fuzzed
		}
		if sa, err := fcm.ParseServiceAccount(s); err == nil && sa.ClientEmail == "" {
			t.Fatal("accepted an account without client_email")
		}
	})
}

// FuzzParseTTL: durations parse or refuse, never exceed four weeks.
func FuzzParseTTL(f *testing.F) {
	for _, s := range []string{"0s", "3.5s", "2419200s", "99999999999s", "-1s", "1.0000000001s", "s", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, e := fcm.ParseTTL(s)
		if e == nil && (d < 0 || d > fcm.MaxTTL) {
			t.Fatalf("ParseTTL(%q) = %v", s, d)
		}
	})
}
