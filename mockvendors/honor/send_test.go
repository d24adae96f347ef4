package honor_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
)

const okMessage = `{"android":{"notification":{"title":"Bob","body":"hi","clickAction":{"type":3}}},"token":["$TOKEN"]}`

func TestSendCodes(t *testing.T) {
	tests := []struct {
		name   string
		opts   []honor.Option
		app    string
		auth   string // "$BEARER", "$BARE", "$OPENID" (a token from the OpenID path), "$OTHER", "$EXPIRED", "$TWICE"; else literal
		ts     string // the timestamp header; "$MS" now in ms, "$S" now in seconds
		body   string
		code   int
		status int
	}{
		{name: "accepted", auth: "$BEARER", ts: "$MS", body: okMessage, code: 200, status: 200},
		{name: "bare token, seconds", auth: "$BARE", ts: "$S", body: okMessage, code: 200, status: 200},
		{name: "token from the OpenID Connect path", auth: "$OPENID", body: okMessage, code: 200, status: 200},
		{name: "cross-platform notification", auth: "$BEARER", body: `{"notification":{"title":"t","body":"b"},"token":["$TOKEN"]}`, code: 200, status: 200},
		{name: "data message", auth: "$BEARER", body: `{"data":"{'param1':'value1'}","token":["$TOKEN"]}`, code: 200, status: 200},
		{name: "no Authorization", body: okMessage, code: honor.CodeAuthError, status: 401},
		{name: "unknown access token", auth: "Bearer AAAA", body: okMessage, code: honor.CodeAuthError, status: 401},
		{name: "token of another app", auth: "$OTHER", body: okMessage, code: honor.CodeAuthError, status: 401},
		{name: "unknown app in the path", app: "999", auth: "$BEARER", body: okMessage, code: honor.CodeAuthError, status: 401},
		{name: "expired access token", auth: "$EXPIRED", body: okMessage, code: honor.CodeTokenExpired, status: 401},
		{name: "push service off", opts: []honor.Option{honor.WithPushServiceDisabled(appID)}, auth: "$BEARER", body: okMessage, code: honor.CodeNoPermission, status: 401},
		{name: "flow control", opts: []honor.Option{honor.WithRateLimit(1, time.Minute)}, auth: "$TWICE", body: okMessage, code: honor.CodeInternal, status: 503},
		{name: "bad timestamp", auth: "$BEARER", ts: "yesterday", body: okMessage, code: honor.CodeParamError, status: 400},
		{name: "not JSON", auth: "$BEARER", body: `{"token":`, code: honor.CodeIllegalPayload, status: 400},
		{name: "no token", auth: "$BEARER", body: `{"data":"x"}`, code: honor.CodeTokenCount, status: 400},
		{name: "neither notification nor data", auth: "$BEARER", body: `{"android":{"ttl":"60s"},"token":["$TOKEN"]}`, code: honor.CodeIllegalPayload, status: 400},
		{name: "no clickAction", auth: "$BEARER", body: `{"android":{"notification":{"title":"t","body":"b"}},"token":["$TOKEN"]}`, code: honor.CodeParamError, status: 400},
		{name: "http URL", auth: "$BEARER", body: `{"android":{"notification":{"title":"t","body":"b","clickAction":{"type":2,"url":"http://example.com"}}},"token":["$TOKEN"]}`, code: honor.CodeParamError, status: 400},
		{name: "importance HIGH", auth: "$BEARER", body: `{"android":{"notification":{"title":"t","body":"b","importance":"HIGH","clickAction":{"type":3}}},"token":["$TOKEN"]}`, code: honor.CodeParamError, status: 400},
		{name: "size limit", opts: []honor.Option{honor.WithMaxMessageBytes(100)}, auth: "$BEARER", body: `{"data":"` + strings.Repeat("x", 100) + `","token":["$TOKEN"]}`, code: honor.CodeTooLarge, status: 400},
		{name: "unknown token", auth: "$BEARER", body: `{"data":"x","token":["` + unknownToken + `"]}`, code: honor.CodeTokensInvalid, status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				other := mockvendors.App{ID: "104000001", ClientID: "other", ClientSecret: "other-s3cr3t", Package: "com.example.other"}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}}, tc.opts...)
				_, tok := e.phone("alice")
				h := map[string]string{}
				switch tc.auth {
				case "$BEARER", "$TWICE", "$EXPIRED":
					h["Authorization"] = "Bearer " + e.token(honor.PathToken, clientID, clientSecret)
				case "$BARE":
					h["Authorization"] = e.token(honor.PathToken, clientID, clientSecret)
				case "$OPENID":
					h["Authorization"] = "Bearer " + e.token(honor.PathTokenOpenID, clientID, clientSecret)
				case "$OTHER":
					h["Authorization"] = "Bearer " + e.token(honor.PathToken, "other", "other-s3cr3t")
				case "":
				default:
					h["Authorization"] = tc.auth
				}
				if tc.auth == "$EXPIRED" {
					e.srv.ExpireAuthTokens()
				}
				switch tc.ts {
				case "$MS":
					h[honor.HeaderTimestamp] = strconv.FormatInt(time.Now().UnixMilli(), 10)
				case "$S":
					h[honor.HeaderTimestamp] = strconv.FormatInt(time.Now().Unix(), 10)
				case "":
				default:
					h[honor.HeaderTimestamp] = tc.ts
				}
				app := tc.app
				if app == "" {
					app = appID
				}
				body := strings.ReplaceAll(tc.body, "$TOKEN", tok)
				if tc.auth == "$TWICE" {
					if r := e.raw(app, h, body); r.Code != honor.CodeSuccess {
						t.Fatalf("first call = %+v", r)
					}
				}
				before := e.srv.Messages().Len()
				r := e.raw(app, h, body)
				if r.Code != tc.code || r.Status != tc.status || r.Message == "" {
					t.Fatalf("answer = %+v, want code %d HTTP %d", r, tc.code, tc.status)
				}
				if tc.code == honor.CodeSuccess && (r.Data == nil || !r.Data.SendResult || r.Data.RequestID == "") {
					t.Fatalf("success without data: %+v", r)
				}
				if tc.code != honor.CodeSuccess && e.srv.Messages().Len() != before {
					t.Errorf("a refused call recorded a message")
				}
			})
		})
	}
}

func TestFailAndExpireTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		_, gone := e.phone("bob")
		e.srv.Hub().Unregister(gone)
		r := e.send(note("Bob", "hi", tok, unknownToken, gone, "not a token", tok))
		if r.Code != honor.CodeSuccess || r.Status != 200 || r.Data == nil || !r.Data.SendResult {
			t.Fatalf("answer = %+v", r)
		}
		if !slices.Equal(r.Data.FailTokens, []string{unknownToken, "not a token"}) || !slices.Equal(r.Data.ExpireTokens, []string{gone}) {
			t.Fatalf("failTokens %v, expireTokens %v", r.Data.FailTokens, r.Data.ExpireTokens)
		}
		if r.CodeFor(tok) != honor.CodeSuccess || r.CodeFor(gone) != honor.CodeTokensInvalid || r.CodeFor(unknownToken) != honor.CodeTokensInvalid {
			t.Error("CodeFor does not follow the token lists")
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 1 {
			t.Fatalf("a token listed twice got %d notices, want 1", n)
		}
		all := e.send(note("Bob", "hi", gone))
		if all.Code != honor.CodeTokensInvalid || all.Data == nil || all.Data.SendResult || !slices.Equal(all.Data.ExpireTokens, []string{gone}) {
			t.Fatalf("send to an uninstalled app only = %+v", all)
		}
	})
}

func TestNotMockedPaths(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		for _, tc := range []struct {
			method, path string
			status       int
		}{
			{http.MethodGet, honor.SendPath(appID), http.StatusMethodNotAllowed},
			{http.MethodPost, "/api/v1/" + appID + "/revokeMessage", http.StatusNotFound},
			{http.MethodGet, honor.PathToken, http.StatusMethodNotAllowed},
		} {
			req, _ := http.NewRequest(tc.method, apiURL+tc.path, nil)
			resp, err := e.HC.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("%s %s = %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
			}
		}
	})
}
