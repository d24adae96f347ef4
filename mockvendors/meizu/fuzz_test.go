package meizu_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
)

var messageSeeds = []string{
	okJSON,
	`{"noticeBarInfo":{"noticeMsgType":true,"title":"t","content":"c"},"pushTimeInfo":{"offLine":"0","validTime":72}}`,
	`{"noticeBarInfo":{"title":"t","content":"c"},"clickTypeInfo":{"clickType":1,"activity":"a.B","parameters":{"ext":"x","n":1.5}}}`,
	`{"noticeBarInfo":{"title":"t","content":"c"},"clickTypeInfo":{"parameters":"{\"k\":[1,2]}"}}`,
	`{"noticeBarInfo":{"title":"t","content":"c"},"extra":{"callback":"http://a/b","callback.type":"3"},"vipInfo":{"x":1}}`,
	`{"noticeBarInfo":{"title":"t","content":"c"},"advanceInfo":{"notifyKey":"k_-1","fixDisplay":1,"fixStartDisplayTime":"a","fixEndDisplayTime":"b"}}`,
	`{"title":"pass","content":"through"}`,
	`null`, `[]`, `{"noticeBarInfo":{"title":"\ud800","content":"c"}}`,
}

// FuzzParseNoticeMessage: the messageJson parser never panics, and what it
// accepts normalizes to a message it accepts again unchanged.
func FuzzParseNoticeMessage(f *testing.F) {
	for _, s := range messageSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := meizu.ParseNoticeMessage(s)
		if err != nil {
			if e, ok := err.(*meizu.APIError); !ok || e.Code != meizu.CodeParamError {
				t.Fatalf("error %v is not a 1005 APIError", err)
			}
			return
		}
		first, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal accepted message: %v", err)
		}
		again, err := meizu.ParseNoticeMessage(string(first))
		if err != nil {
			t.Fatalf("normalized %s does not parse: %v", first, err)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

// fuzzServer is a mock with no devices: fuzzed pushes never reach the hub.
func fuzzServer(f *testing.F) http.Handler {
	srv, err := meizu.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	return srv.Handler()
}

// checkAnswer asserts the answer is a Meizu response.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder) meizu.Response {
	t.Helper()
	var r meizu.Response
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Code == "" {
		t.Fatalf("answer %d %q is not a Meizu response: %v", w.Code, w.Body, err)
	}
	if r.Code != meizu.CodeOK && string(r.Value) != `""` {
		t.Fatalf("failure %s with value %s", r.Code, r.Value)
	}
	return r
}

// FuzzPushFormBody: any form body gets a well-shaped answer.
func FuzzPushFormBody(f *testing.F) {
	h := fuzzServer(f)
	f.Add(signedForm(wellFormedID, okJSON).Encode())
	f.Add("appId=1234512345123451234&pushIds=a%2Cb&messageJson=%7B%7D&sign=x")
	f.Add("%zz=1&appId")
	f.Add(strings.Repeat("a=1&", 100))
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, meizu.PathPushByPushID, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		checkAnswer(t, w)
	})
}

// FuzzSignedPush: correctly signed calls with fuzzed pushIds and
// messageJson reach every check after authentication.
func FuzzSignedPush(f *testing.F) {
	h := fuzzServer(f)
	for _, s := range messageSeeds {
		f.Add(wellFormedID+",x y,"+wellFormedID, s)
	}
	f.Add(",,,", okJSON)
	f.Fuzz(func(t *testing.T, pushIDs, messageJSON string) {
		form := url.Values{"appId": {appID}, "pushIds": {pushIDs}, "messageJson": {messageJSON}}
		form.Set("sign", meizu.Sign(form, secret))
		req := httptest.NewRequest(http.MethodPost, meizu.PathPushByPushID, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		r := checkAnswer(t, w)
		if r.Code == meizu.CodeSignFailed {
			t.Fatalf("a correctly signed call failed the signature check: %q %q", pushIDs, messageJSON)
		}
		if r.Code == meizu.CodeOK && r.MsgID == "" {
			t.Fatal("accepted without msgId")
		}
	})
}
