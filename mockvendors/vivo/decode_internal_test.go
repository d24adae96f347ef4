package vivo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"

	"github.com/pushsim/pushsim/protocol"
)

// clientBody is the body pushsim's client sends for an IM push.
func clientBody(t testing.TB) string {
	m := MessageFor(protocol.PushRequest{MsgKey: "k1", Token: "tok", Title: "Bob", Desc: "hi <there> & \"you\"", Ext: `{"conv":"c2c_bob"}`,
		Cert: protocol.Certificate{Package: "com.example", Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.Chat"}}})
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sendMessageCases are bodies for readSendMessage: the common shape and
// every way out of it.
var sendMessageCases = []struct {
	name string
	in   string
	hand bool // readSendMessage decodes it itself
}{
	{"empty", `{}`, true},
	{"every field", `{"appId":12345,"regId":" r ","alias":"a","notifyType":"4","title":"t","content":"c","timeToLive":86400,` +
		`"skipType":4,"skipContent":"intent:#Intent;end","networkType":-1,"classification":"1","category":"IM","pushMode":0,` +
		`"clientCustomMap":{"ext":"{\"k\":1}","b":"x"},"extra":{"callback":"https://cb/","callback.param":"p"},"requestId":"q"}`, true},
	{"whitespace", " { \"title\" : \"a b\" , \"notifyType\" : 1 } ", true},
	{"escapes", `{"title":"\"t\" \\ \u00e9 \ud83d\ude00 \ud800","appId":"\u0031"}`, true},
	{"unicode", `{"title":"鲍勃","content":"你好 😀"}`, true},
	{"invalid utf-8", "{\"title\":\"\xff\"}", true},
	{"custom map of numbers", `{"clientCustomMap":{"n":1,"b":true}}`, true},
	{"custom map duplicate", `{"clientCustomMap":{"a":"1","a":"2"}}`, true},
	{"empty extra", `{"extra":{}}`, true},
	{"bad custom map", `{"clientCustomMap":{"a":{}}}`, false},
	{"bad number", `{"notifyType":"x"}`, false},
	{"bool number", `{"skipType":true}`, false},
	{"number for string", `{"title":1}`, false},
	{"null", `null`, false},
	{"null field", `{"title":null}`, false},
	{"null pointer", `{"timeToLive":null}`, false},
	{"duplicate key", `{"title":"a","title":"b"}`, false},
	{"other case", `{"Title":"a"}`, false},
	{"unknown field", `{"x":1}`, false},
	{"trailing data", `{} {}`, false},
	{"trailing garbage", `{} x`, false},
	{"array", `[]`, false},
	{"blank", ``, false},
}

// TestReadSendMessage checks which bodies readSendMessage takes and that
// decodeSendMessage gives what decodeSendMessageJSON gives for each.
func TestReadSendMessage(t *testing.T) {
	cases := []mocktest.DecodeCase{{Name: "client", In: clientBody(t), Hand: true}}
	for _, c := range sendMessageCases {
		cases = append(cases, mocktest.DecodeCase{Name: c.name, In: c.in, Hand: c.hand})
	}
	takes := func(b []byte) bool { _, ok := readSendMessage(b); return ok }
	mocktest.DecodeCases(t, cases, takes, "decodeSendMessage", decodeSendMessage, decodeSendMessageJSON)
}

// FuzzDecodeSendMessage checks decodeSendMessage, which decodes the
// common shape by hand, against decodeSendMessageJSON, the Decoder it
// replaces: the same message or the same error.
func FuzzDecodeSendMessage(f *testing.F) {
	f.Add(clientBody(f))
	for _, c := range sendMessageCases {
		f.Add(c.in)
	}
	f.Fuzz(checkDecodeSendMessage)
}

func checkDecodeSendMessage(t *testing.T, s string) {
	mocktest.SameDecode(t, "decodeSendMessage", decodeSendMessage, decodeSendMessageJSON, s)
}

// FuzzCustomMapUnmarshal checks CustomMap.UnmarshalJSON, which decodes
// an object of strings by hand, against the same through encoding/json
// alone.
func FuzzCustomMapUnmarshal(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"b","c":"\u00e9"}`, `{"a":"1","a":"2"}`, `{"n":1,"b":false}`, `{"a":{}}`, `null`, `[]`, `{"a":"b"} x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := bytes.TrimSpace([]byte(s))
		if string(b) == "null" {
			return // nil, before either
		}
		var got, want CustomMap
		gotErr := got.UnmarshalJSON([]byte(s))
		wantErr := customMapJSON(&want, b)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("UnmarshalJSON(%q) = %#v, %v; encoding/json gives %#v, %v", s, got, gotErr, want, wantErr)
		}
	})
}
