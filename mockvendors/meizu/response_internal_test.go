package meizu

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// FuzzWriteResponse checks writeResponse against the mockvendors.WriteJSON
// answer it replaces, for every Value shape and arbitrary strings, and
// okResponse against json.Marshal of the failures.
func FuzzWriteResponse(f *testing.F) {
	f.Add("200", "", "", "0123abcd", 0)
	f.Add("110002", "pushId失效", "<a&b>", "", 1)
	f.Add("", "\xff\u2028\"\\", "", "", 2)
	f.Add("1005", "x", "", "", 3)
	f.Fuzz(func(t *testing.T, code, message, redirect, msgID string, value int) {
		values := []json.RawMessage{nil, emptyString, emptyObject, json.RawMessage(`{"110002":["a"]}`), json.RawMessage(`{ "a" : 1 }`), json.RawMessage(`{`)}
		r := Response{Code: code, Message: message, Value: values[uint(value)%uint(len(values))], Redirect: redirect, MsgID: msgID}
		got := httptest.NewRecorder()
		writeResponse(got, http.StatusAccepted, r)
		want := httptest.NewRecorder()
		if r.Value == nil {
			r.Value = emptyString
		}
		mockvendors.WriteJSON(want, http.StatusAccepted, "application/json;charset=UTF-8", r)
		if got.Code != want.Code || got.Body.String() != want.Body.String() || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Fatalf("writeResponse(%+v) = %d %q %q, want %d %q %q", r, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
		}
	})
}

// FuzzDecodeResponse checks decodeResponse against json.Unmarshal, on
// answers in the mock's own shape built from arbitrary strings and on
// arbitrary text.
func FuzzDecodeResponse(f *testing.F) {
	f.Add("200", "", "", "0123abcd", true, `{"code":"200","message":"","value":{},"redirect":""}`)
	f.Add("110002", "pushId失效", "<a&b>", "", false, `{"code":"1","message":"x","value":{"a":["b"]},"redirect":""}`)
	f.Add("", "\"\\", "", "", true, ` {"code":"200"} `)
	f.Fuzz(func(t *testing.T, code, message, redirect, msgID string, object bool, raw string) {
		value := emptyString
		if object {
			value = emptyObject
		}
		shaped, _ := encodeResponse(Response{Code: code, Message: message, Value: value, Redirect: redirect, MsgID: msgID})
		for _, data := range [][]byte{shaped, shaped[:len(shaped)-1], []byte(raw), []byte(raw + "\n")} {
			got, gotErr := decodeResponse(data)
			var want Response
			wantErr := json.Unmarshal(data, &want)
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("decodeResponse(%q) error %v, json.Unmarshal's %v", data, gotErr, wantErr)
			}
			if wantErr == nil && (got.Code != want.Code || got.Message != want.Message || string(got.Value) != string(want.Value) ||
				got.Redirect != want.Redirect || got.MsgID != want.MsgID) {
				t.Fatalf("decodeResponse(%q) = %+v, json.Unmarshal reads %+v", data, got, want)
			}
		}
	})
}
