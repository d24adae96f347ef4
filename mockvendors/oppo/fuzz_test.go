package oppo_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
)

var messageSeeds = []string{
	`{"target_type":2,"target_value":"CN_078ad8b8a137cadb14ae5b70cf846312","notification":{"title":"Bob","content":"hi"}}`,
	`{"targetType":"2","targetValue":"x","notification":{"title":"t","content":"c","clickActionType":4,"clickActionActivity":"a.B","actionParameters":"{\"ext\":1.50}"}}`,
	`{"target_type":2,"registration_id":"x","notification":"{\"title\":\"t\",\"content\":\"c\",\"off_line\":\"0\"}"}`,
	`{"target_type":5,"target_value":"bob","notification":{"title":"t","content":"c","category":"IM","notify_level":16,"action_parameters":{"k":[1,{"a":null}]}}}`,
	`{"target_type":2,"target_value":"x","notification":{"title":"t","content":"c","click_action_type":2,"click_action_url":"https://e.com","call_back_url":"http://cb/x","off_line_ttl":"86400"}}`,
	`"{\"target_type\":2,\"target_value\":\"x\",\"notification\":{\"title\":\"t\",\"content\":\"c\"}}"`,
	`null`, `[]`, `{"target_type":true}`, `{"notification":{"title":"\ud800","content":"c"}}`,
}

// FuzzParseMessage: the message parser never panics, refuses only with
// the service's codes, and what it accepts normalizes to a message it
// accepts again unchanged.
func FuzzParseMessage(f *testing.F) {
	for _, s := range messageSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := oppo.ParseMessage(s)
		if err != nil {
			e, ok := err.(*oppo.APIError)
			if !ok || (e.Code != oppo.CodeMissingArgument && e.Code != oppo.CodeInvalidArgument && e.Code != oppo.CodeInvalidCategory) {
				t.Fatalf("error %v is not a 40/41/67 APIError", err)
			}
			return
		}
		first, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal accepted message: %v", err)
		}
		again, err := oppo.ParseMessage(string(first))
		if err != nil {
			t.Fatalf("normalized %s does not parse: %v", first, err)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

// FuzzParseNotification: the save_message_content path (form fields
// rebuilt as JSON strings) never panics and accepts or refuses cleanly.
func FuzzParseNotification(f *testing.F) {
	f.Add("Bob", "hi", "0", "", "true", "")
	f.Add("t", "c", "4", "com.example.A", "1", `{"ext":"x"}`)
	f.Add("t", "c", "2", "https://e.com", "no", `[`)
	f.Add("", "", "x", "", "", "")
	f.Fuzz(func(t *testing.T, title, content, clickType, target, offLine, params string) {
		fields := map[string]string{"title": title, "content": content, "click_action_type": clickType,
			"click_action_activity": target, "click_action_url": target, "off_line": offLine, "action_parameters": params}
		b, _ := json.Marshal(fields)
		if _, err := oppo.ParseNotification(string(b)); err != nil {
			if _, ok := err.(*oppo.APIError); !ok {
				t.Fatalf("error %v is not an APIError", err)
			}
		}
	})
}

// fuzzServer is a mock with no devices and a valid auth token.
func fuzzServer(f *testing.F) (http.Handler, string) {
	srv, err := oppo.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	w := httptest.NewRecorder()
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	form := url.Values{"app_key": {appKey}, "timestamp": {ts}, "sign": {oppo.Sign(appKey, ts, masterSecret)}}
	req := httptest.NewRequest(http.MethodPost, oppo.PathAuth, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, req)
	var r oppo.Response
	var d oppo.AuthData
	if json.Unmarshal(w.Body.Bytes(), &r) != nil || r.DataAs(&d) != nil || d.AuthToken == "" {
		f.Fatalf("auth: %s", w.Body)
	}
	return h, d.AuthToken
}

// checkAnswer asserts the answer is an OPPO response.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder) oppo.Response {
	t.Helper()
	var r struct {
		Code    *int            `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Code == nil || r.Message == "" {
		t.Fatalf("answer %d %q is not an OPPO response: %v", w.Code, w.Body, err)
	}
	if *r.Code != oppo.CodeOK && len(r.Data) != 0 {
		t.Fatalf("failure %d with data %s", *r.Code, r.Data)
	}
	return oppo.Response{Code: *r.Code, Message: r.Message, Data: r.Data}
}

// FuzzPushForms: any form body to any push path gets a well-shaped
// answer, authenticated or not.
func FuzzPushForms(f *testing.F) {
	h, tok := fuzzServer(f)
	for _, s := range messageSeeds {
		f.Add(uint8(0), url.Values{"auth_token": {tok}, "message": {s}}.Encode())
		f.Add(uint8(1), url.Values{"auth_token": {tok}, "messages": {"[" + s + "," + s + "]"}}.Encode())
	}
	f.Add(uint8(2), url.Values{"auth_token": {tok}, "title": {"t"}, "content": {"c"}, "action_parameters": {"{"}}.Encode())
	f.Add(uint8(3), url.Values{"auth_token": {tok}, "message_id": {"x"}, "target_type": {"2"}, "target_value": {";;a;b"}}.Encode())
	f.Add(uint8(4), "app_key=&timestamp=-1&sign=")
	f.Add(uint8(0), "%zz=1&auth_token")
	paths := []string{oppo.PathUnicast, oppo.PathUnicastBatch, oppo.PathSaveMessageContent, oppo.PathBroadcast, oppo.PathAuth}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		req := httptest.NewRequest(http.MethodPost, paths[int(which)%len(paths)], strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		r := checkAnswer(t, w)
		if r.Code == oppo.CodeInvalidAuthToken && strings.Contains(body, "auth_token="+tok+"&") {
			t.Fatalf("a valid token was refused: %q", body)
		}
	})
}
