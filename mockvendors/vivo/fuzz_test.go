package vivo_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
)

var sendSeeds = []string{
	`{"regId":"10000000000000000000001","notifyType":2,"title":"Bob","content":"hi","skipType":1,"classification":1,"requestId":"r1"}`,
	`{"appId":10004,"regId":"x","notifyType":"4","title":"t","content":"c","skipType":"4","skipContent":"intent:#Intent;end","networkType":"1","requestId":"r"}`,
	`{"alias":"bob","notifyType":1,"title":"消息","content":"c","skipType":2,"skipContent":"https://e.com","clientCustomMap":{"ext":"x","n":1},"requestId":"r"}`,
	`{"regId":"x","notifyType":1,"title":"t","content":"c","skipType":3,"skipContent":"c","extra":{"callback":"http://cb/x","callback.param":"p"},"pushMode":1,"category":"IM","requestId":"r"}`,
	`null`, `[]`, `{"notifyType":true}`, `{"title":"\ud800"}`,
}

// FuzzParseSendMessage: the body parser never panics, refuses only with
// 10050, and what it accepts normalizes to a message it accepts again
// unchanged.
func FuzzParseSendMessage(f *testing.F) {
	for _, s := range sendSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := vivo.ParseSendMessage([]byte(s))
		if err != nil {
			if e, ok := err.(*vivo.APIError); !ok || e.Code != vivo.CodeInvalidParam {
				t.Fatalf("error %v is not a 10050 APIError", err)
			}
			return
		}
		first, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal accepted message: %v", err)
		}
		again, err := vivo.ParseSendMessage(first)
		if err != nil {
			t.Fatalf("normalized %s does not parse: %v", first, err)
		}
		second, _ := json.Marshal(again)
		if !bytes.Equal(first, second) {
			t.Fatalf("normalizing is not stable:\n%s\n%s", first, second)
		}
	})
}

// fuzzServer is a mock with no devices and a valid authToken.
func fuzzServer(f *testing.F) (http.Handler, string) {
	srv, err := vivo.New(mockvendors.Config{Apps: []mockvendors.App{theApp}}, vivo.WithAuthRateLimit(0, 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	h := srv.Handler()
	ts := time.Now().UnixMilli()
	body := `{"appId":"` + appID + `","appKey":"` + appKey + `","timestamp":` + strconv.FormatInt(ts, 10) + `,"sign":"` + vivo.Sign(appID, appKey, ts, appSecret) + `"}`
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, vivo.PathAuth, strings.NewReader(body)))
	var r vivo.Response
	if json.Unmarshal(w.Body.Bytes(), &r) != nil || r.AuthToken == "" {
		f.Fatalf("auth: %s", w.Body)
	}
	return h, r.AuthToken
}

// FuzzRequests: any body to the auth or send path gets a well-shaped
// vivo answer.
func FuzzRequests(f *testing.F) {
	h, tok := fuzzServer(f)
	for _, s := range sendSeeds {
		f.Add(true, s)
	}
	f.Add(false, `{"appId":"10004","appKey":"k","timestamp":"1","sign":"x"}`)
	f.Add(false, `{"appId":[],"timestamp":1e400}`)
	f.Add(false, ``)
	f.Fuzz(func(t *testing.T, send bool, body string) {
		path := vivo.PathAuth
		if send {
			path = vivo.PathSend
		}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("authToken", tok)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var r struct {
			Result *int   `json:"result"`
			Desc   string `json:"desc"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Result == nil || r.Desc == "" || w.Code != http.StatusOK {
			t.Fatalf("answer %d %q is not a vivo result: %v", w.Code, w.Body, err)
		}
		if send && *r.Result == vivo.CodeAuthFailed {
			t.Fatalf("a valid authToken was refused for %q", body)
		}
	})
}
