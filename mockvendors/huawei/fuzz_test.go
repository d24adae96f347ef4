package huawei_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
)

var requestSeeds = []string{
	strings.ReplaceAll(okMessage, "$TOKEN", unknownToken),
	`{"message":{"notification":{"title":"t","body":"b"},"token":["x"]}}`,
	`{"message":{"data":{"k":[1,2]},"android":{"ttl":3600,"collapse_key":"-1"},"topic":"news"}}`,
	`{"message":{"android":{"notification":{"title":"t","body":"b","badge":{"add_num":"1","class":"a.B"},"click_action":{"type":1,"intent":"#Intent;S.a=b;end"}}},"token":["x"]}}`,
	`{"validate_only":true,"message":{"data":"x","condition":"c"}}`,
	`null`, `[]`, `{"message":null}`, `{"message":{"data":"\ud800","token":["x"]}}`,
}

// FuzzParseSendRequest: the parser never panics, refuses only with HMS
// codes, and what it accepts normalizes to a request it accepts again
// unchanged.
func FuzzParseSendRequest(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		req, err := huawei.ParseSendRequest([]byte(s))
		if err != nil {
			var e *huawei.APIError
			if !errors.As(err, &e) || huawei.CodeText(e.Code) == "" || e.HTTPStatus() != http.StatusBadRequest {
				t.Fatalf("error %v is not an HMS request error", err)
			}
			return
		}
		first, err := json.Marshal(req)
		if err != nil {
			t.Fatalf("marshal accepted request: %v", err)
		}
		again, err := huawei.ParseSendRequest(first)
		if err != nil {
			t.Fatalf("normalized %s does not parse: %v", first, err)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

// FuzzParseIntentURI: the parser never panics, and what it accepts writes
// back to a URI that parses to the same intent's extras and component.
func FuzzParseIntentURI(f *testing.F) {
	for _, s := range []string{
		"intent://com.huawei.codelabpush/deeplink?#Intent;scheme=pushscheme;launchFlags=0x4000000;end",
		"#Intent;component=com.rvr/.Activity;S.W=U;end",
		huawei.LauncherIntent("p", map[string]string{"ext": "{}"}).URI(),
		"intent:#Intent;S.%zz=1;end", "intent:#Intent;;end", "#Intent;end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in, err := huawei.ParseIntentURI(s)
		if err != nil {
			return
		}
		back, err := huawei.ParseIntentURI(in.URI())
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", s, in.URI(), err)
		}
		if back.Component != in.Component || back.Action != in.Action || len(back.Extras) != len(in.Extras) {
			t.Fatalf("%q → %+v → %+v", s, in, back)
		}
		for k, v := range in.Extras {
			if back.Extras[k] != v {
				t.Fatalf("extra %q: %q → %q", k, v, back.Extras[k])
			}
		}
	})
}

// FuzzSendBody: any body with a good access token gets an HMS answer.
func FuzzSendBody(f *testing.F) {
	srv, err := huawei.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest(huawei.PathTokenV3, "grant_type=client_credentials&client_id="+appID+"&client_secret="+secret))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		f.Fatalf("token: %s", w.Body)
	}
	for _, s := range requestSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, huawei.SendPath(appID), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var r huawei.Response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Code == "" || r.RequestID == "" {
			t.Fatalf("answer %d %q is not an HMS response: %v", w.Code, w.Body, err)
		}
		if r.Code == huawei.CodeAuthError || r.Code == huawei.CodeTokenExpired {
			t.Fatalf("a good token was refused: %+v", r)
		}
		if w.Code != huawei.HTTPStatus(r.Code) {
			t.Fatalf("code %s came with HTTP %d", r.Code, w.Code)
		}
	})
}

func formRequest(path, form string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
