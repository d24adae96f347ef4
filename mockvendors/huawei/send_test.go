package huawei_test

import (
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/trace"
)

// A message body around "$TARGET"; "$TOKEN" is the registered device's token.
const okMessage = `{"validate_only":false,"message":{"android":{"notification":{"title":"Bob","body":"hi","click_action":{"type":3}}},"token":["$TOKEN"]}}`

// unknownToken is well formed and never issued.
var unknownToken = strings.Repeat("Zz09", 32)

func TestSendCodes(t *testing.T) {
	many := `["` + strings.Repeat(unknownToken+`","`, huawei.MaxTokens) + unknownToken + `"]`
	thousand := `["` + strings.Repeat(unknownToken+`","`, huawei.MaxTokens-1) + unknownToken + `"]`
	tests := []struct {
		name   string
		opts   []huawei.Option
		app    string // path app ID; default appID
		auth   string // "$BEARER": a good token; "$OTHER": a token of another app; "$EXPIRED"; else literal
		body   string
		code   string
		status int
	}{
		{name: "accepted", auth: "$BEARER", body: okMessage, code: huawei.CodeSuccess, status: 200},
		{name: "scheme in any case", auth: "$bearer", body: okMessage, code: huawei.CodeSuccess, status: 200},
		{name: "no Authorization", body: okMessage, code: huawei.CodeAuthError, status: 401},
		{name: "token without Bearer", auth: "$BARE", body: okMessage, code: huawei.CodeAuthError, status: 401},
		{name: "unknown access token", auth: "Bearer AAAA", body: okMessage, code: huawei.CodeAuthError, status: 401},
		{name: "token of another app", auth: "$OTHER", body: okMessage, code: huawei.CodeAuthError, status: 401},
		{name: "unknown app in the path", app: "999", auth: "$BEARER", body: okMessage, code: huawei.CodeAuthError, status: 401},
		{name: "expired access token", auth: "$EXPIRED", body: okMessage, code: huawei.CodeTokenExpired, status: 401},
		{name: "push service off", opts: []huawei.Option{huawei.WithPushServiceDisabled(appID)}, auth: "$BEARER", body: okMessage, code: huawei.CodeNoPermission, status: 401},
		{name: "not JSON", auth: "$BEARER", body: `{"message":`, code: huawei.CodeIllegalPayload, status: 400},
		{name: "no message", auth: "$BEARER", body: `{"validate_only":false}`, code: huawei.CodeIllegalPayload, status: 400},
		{name: "token and topic", auth: "$BEARER", body: `{"message":{"data":"x","token":["$TOKEN"],"topic":"news"}}`, code: huawei.CodeParamError, status: 400},
		{name: "no target", auth: "$BEARER", body: `{"message":{"data":"x"}}`, code: huawei.CodeParamError, status: 400},
		{name: "empty token list", auth: "$BEARER", body: `{"message":{"data":"x","token":[]}}`, code: huawei.CodeTokenCount, status: 400},
		{name: "1001 tokens", auth: "$BEARER", body: `{"message":{"data":"x","token":` + many + `}}`, code: huawei.CodeTokenCount, status: 400},
		{name: "1000 tokens are not counted in the size", auth: "$BEARER", body: `{"message":{"data":"x","token":` + thousand + `}}`, code: huawei.CodeTokensInvalid, status: 400},
		{name: "neither notification nor data", auth: "$BEARER", body: `{"message":{"android":{"ttl":"60s"},"token":["$TOKEN"]}}`, code: huawei.CodeIllegalPayload, status: 400},
		{name: "no click_action", auth: "$BEARER", body: `{"message":{"android":{"notification":{"title":"t","body":"b"}},"token":["$TOKEN"]}}`, code: huawei.CodeParamError, status: 400},
		{name: "bad importance", auth: "$BEARER", body: `{"message":{"android":{"notification":{"title":"t","body":"b","importance":"URGENT","click_action":{"type":3}}},"token":["$TOKEN"]}}`, code: huawei.CodeParamError, status: 400},
		{name: "ttl beyond 15 days", auth: "$BEARER", body: `{"message":{"data":"x","android":{"ttl":"1296001s"},"token":["$TOKEN"]}}`, code: huawei.CodeParamError, status: 400},
		{name: "message over 4096 bytes", auth: "$BEARER", body: `{"message":{"data":"` + strings.Repeat("x", 4100) + `","token":["$TOKEN"]}}`, code: huawei.CodeTooLarge, status: 400},
		{name: "unknown token", auth: "$BEARER", body: `{"message":{"data":"x","token":["` + unknownToken + `"]}}`, code: huawei.CodeTokensInvalid, status: 400},
		{name: "illegal token", auth: "$BEARER", body: `{"message":{"data":"x","token":["a b"]}}`, code: huawei.CodeTokensInvalid, status: 400},
		{name: "one good, one unknown", auth: "$BEARER", body: `{"message":{"data":"x","token":["$TOKEN","` + unknownToken + `"]}}`, code: huawei.CodePartialSuccess, status: 200},
		{name: "validate only", auth: "$BEARER", body: strings.Replace(okMessage, `"validate_only":false`, `"validate_only":true`, 1), code: huawei.CodeSuccess, status: 200},
		{name: "topic", auth: "$BEARER", body: `{"message":{"data":"x","topic":"news"}}`, code: huawei.CodeSuccess, status: 200},
		{name: "receipt_id of no configuration", auth: "$BEARER", body: `{"message":{"data":"x","android":{"receipt_id":"http://elsewhere.sim/cb"},"token":["$TOKEN"]}}`, code: huawei.CodeParamError, status: 400},
		{name: "flow control", opts: []huawei.Option{huawei.WithRateLimit(1, time.Minute)}, auth: "$TWICE", body: okMessage, code: huawei.CodeInternal, status: http.StatusServiceUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				app := theApp
				app.CallbackURLs = []string{callback}
				other := mockvendors.App{ID: "104999999", Secret: "other", Package: "com.example.other"}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app, other}}, tc.opts...)
				_, tok := e.phone("alice")
				auth := tc.auth
				switch tc.auth {
				case "$BEARER", "$TWICE", "$EXPIRED":
					auth = "Bearer " + e.token()
				case "$bearer":
					auth = "bEaReR " + e.token()
				case "$BARE":
					auth = e.token()
				case "$OTHER":
					auth = "Bearer " + otherToken(e)
				}
				if tc.auth == "$EXPIRED" {
					e.srv.ExpireAuthTokens()
				}
				path := tc.app
				if path == "" {
					path = appID
				}
				body := strings.ReplaceAll(tc.body, "$TOKEN", tok)
				if tc.auth == "$TWICE" {
					if r := e.raw(path, auth, body); r.Code != huawei.CodeSuccess {
						t.Fatalf("first call = %+v", r)
					}
				}
				before := e.srv.Messages().Len()
				r := e.raw(path, auth, body)
				if r.Code != tc.code || r.Status != tc.status {
					t.Fatalf("answer = %+v, want code %s HTTP %d", r, tc.code, tc.status)
				}
				if r.RequestID == "" || r.Msg == "" {
					t.Errorf("answer %+v lacks a requestId or msg", r)
				}
				if tc.code != huawei.CodeSuccess && tc.code != huawei.CodePartialSuccess && e.srv.Messages().Len() != before {
					t.Errorf("refused call recorded %d messages", e.srv.Messages().Len()-before)
				}
			})
		})
	}
}

func otherToken(e *env) string {
	e.T.Helper()
	resp, err := e.HC.PostForm(apiURL+huawei.PathTokenV2, map[string][]string{
		"grant_type": {"client_credentials"}, "client_id": {"104999999"}, "client_secret": {"other"}})
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := decodeJSON(resp.Body, &out); err != nil || out.AccessToken == "" {
		e.T.Fatalf("other app's token: %v", err)
	}
	return out.AccessToken
}

func TestPartialSuccessListsIllegalTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		r := e.send(note("Bob", "hi", tok, "a b", unknownToken, tok))
		p, ok := r.Partial()
		if !ok || p.Success != 1 || p.Failure != 2 || len(p.IllegalTokens) != 2 || p.IllegalTokens[0] != "a b" || p.IllegalTokens[1] != unknownToken {
			t.Fatalf("answer = %+v (partial %+v)", r, p)
		}
		if r.CodeFor(tok) != huawei.CodeSuccess || r.CodeFor(unknownToken) != huawei.CodeTokensInvalid {
			t.Errorf("CodeFor = %s / %s", r.CodeFor(tok), r.CodeFor(unknownToken))
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 1 {
			t.Errorf("a token listed twice got %d notices, want 1", n)
		}
	})
}

func TestValidateOnlyDeliversNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		req := note("Bob", "hi", tok)
		req.ValidateOnly = true
		if r := e.send(req); r.Code != huawei.CodeSuccess {
			t.Fatalf("validate_only = %+v", r)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if n := len(dev.Notices()); n != 0 || e.srv.Messages().Len() != 0 {
			t.Errorf("validate_only delivered %d and recorded %d", n, e.srv.Messages().Len())
		}
	})
}

func TestUnregisteredTokenIsInvalid(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		e.srv.Hub().Unregister(tok)
		if r := e.send(note("Bob", "hi", tok)); r.Code != huawei.CodeTokensInvalid || r.Status != 400 {
			t.Fatalf("send to an uninstalled app's token = %+v", r)
		}
	})
}

func TestTTLKeepsMessageForAbsentDevice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		dev.Close()
		synctest.Wait()
		short := note("Bob", "short", tok)
		short.Message.Android.TTL = "60s"
		e.send(short)
		e.send(note("Bob", "a day", tok))
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		back := e.Dial("alice")
		synctest.Wait()
		got := back.Notices()
		if len(got) != 1 {
			t.Fatalf("after 10 minutes away %d notices arrived, want the one kept for a day", len(got))
		}
		var expired int
		for _, ev := range e.Events(trace.VendorDrop) {
			if ev.Reason == "expired" {
				expired++
			}
		}
		if expired != 1 {
			t.Errorf("expired drops = %d, want 1", expired)
		}
	})
}

func TestMarketingDailyCap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, huawei.WithMarketingDailyCap(1))
		dev, tok := e.phone("alice")
		im := note("Bob", "im", tok)
		im.Message.Android.Category = "IM"
		for _, req := range []huawei.SendRequest{note("Ad", "one", tok), note("Ad", "two", tok), im} {
			if r := e.send(req); r.Code != huawei.CodeSuccess {
				t.Fatalf("send = %+v", r)
			}
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 2 {
			t.Fatalf("%d notices arrived, want the first marketing one and the IM one", n)
		}
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].Reason != "vendor_quota_exceeded" || drops[0].Device != "alice" {
			t.Fatalf("drops = %+v", drops)
		}
		time.Sleep(24 * time.Hour)
		if r := e.send(note("Ad", "tomorrow", tok)); r.Code != huawei.CodeSuccess {
			t.Fatal(r)
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 1 {
			t.Errorf("the next day's marketing message: %d notices", n)
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
			{http.MethodGet, huawei.SendPath(appID), http.StatusMethodNotAllowed},
			{http.MethodPost, "/v1/" + appID + "/topic:subscribe", http.StatusNotFound},
			{http.MethodGet, huawei.PathTokenV3, http.StatusMethodNotAllowed},
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
