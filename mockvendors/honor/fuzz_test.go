package honor_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
)

var messageSeeds = []string{
	strings.ReplaceAll(okMessage, "$TOKEN", unknownToken),
	`{"notification":{"title":"t","body":"b"},"token":["x"]}`,
	`{"data":{"k":[1,2]},"android":{"ttl":3600,"targetUserType":"1"},"token":["x"]}`,
	`{"android":{"notification":{"title":"t","body":"b","badge":{"addNum":"1","badgeClass":"a.B"},"buttons":[{"name":"n","actionType":0}],"clickAction":{"type":1,"intent":"#Intent;S.a=b;end"}}},"token":["x"]}`,
	`null`, `[]`, `{"token":null}`, `{"data":"\ud800","token":["x"]}`,
}

// FuzzParseSendMessage: the parser never panics, refuses only with Honor
// request codes, and what it accepts normalizes to a message it accepts
// again unchanged.
func FuzzParseSendMessage(f *testing.F) {
	for _, s := range messageSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := honor.ParseSendMessage([]byte(s))
		if err != nil {
			var e *honor.APIError
			if !errors.As(err, &e) || honor.CodeText(e.Code) == "" || e.HTTPStatus() != http.StatusBadRequest {
				t.Fatalf("error %v is not a Honor request error", err)
			}
			return
		}
		first, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal accepted message: %v", err)
		}
		again, err := honor.ParseSendMessage(first)
		if err != nil {
			t.Fatalf("normalized %s does not parse: %v", first, err)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

// FuzzSendMessage: any body and timestamp header with a good access token
// get a Honor answer.
func FuzzSendMessage(f *testing.F) {
	srv, err := honor.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	req := httptest.NewRequest(http.MethodPost, honor.PathToken, strings.NewReader("grant_type=client_credentials&client_id="+clientID+"&client_secret="+clientSecret))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		f.Fatalf("token: %s", w.Body)
	}
	for _, s := range messageSeeds {
		f.Add(s, "1563105451261")
	}
	f.Add(okMessage, "-1")
	f.Fuzz(func(t *testing.T, body, ts string) {
		req := httptest.NewRequest(http.MethodPost, honor.SendPath(appID), strings.NewReader(body))
		req.Header.Set("Authorization", tok.AccessToken)
		req.Header.Set(honor.HeaderTimestamp, ts)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var r honor.Response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Code == 0 || r.Message == "" {
			t.Fatalf("answer %d %q is not a Honor response: %v", w.Code, w.Body, err)
		}
		if r.Code == honor.CodeAuthError || r.Code == honor.CodeTokenExpired {
			t.Fatalf("a good token was refused: %+v", r)
		}
		if w.Code != honor.HTTPStatus(r.Code) {
			t.Fatalf("code %d came with HTTP %d", r.Code, w.Code)
		}
	})
}
