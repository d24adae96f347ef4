package huawei

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"

	"github.com/pushsim/pushsim/protocol"
)

// clientBody is the body pushsim's client sends for an IM push.
func clientBody(t testing.TB) string {
	req := RequestFor(protocol.PushRequest{Token: "tok", Title: "Bob", Desc: "hi <there> & \"you\"", Ext: `{"conv":"c2c_bob"}`,
		Cert:    protocol.Certificate{Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.Chat"}},
		Android: &protocol.AndroidInfo{HuaWeiCategory: "IM"}})
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sendRequestCases are bodies for readSendRequest: the common shape and
// every way out of it.
var sendRequestCases = []struct {
	name string
	in   string
	hand bool // readSendRequest decodes it itself
}{
	{"empty", `{}`, true},
	{"every field", `{"validate_only":true,"message":{"data":"d","notification":{"title":"t","body":"b","image":"i"},` +
		`"token":["a","b"],"topic":"t","condition":"c","android":{"collapse_key":"-1","urgency":"HIGH","category":"IM",` +
		`"ttl":86400,"bi_tag":"b","receipt_id":"r","fast_app_target":1,"target_user_type":"0","data":{"k":["v", 1]},` +
		`"notification":{"title":"t","body":"b","icon":"i","color":"#fff","sound":"s","default_sound":true,"tag":"g",` +
		`"click_action":{"type":"1","intent":"i","action":"a","url":"u","rich_resource":"r"},"body_loc_key":"k",` +
		`"title_loc_key":"k","channel_id":"c","notify_summary":"n","image":"i","style":1,"big_title":"t","big_body":"b",` +
		`"auto_clear":5,"notify_id":7,"group":"g","badge":{"add_num":1,"set_num":"2","class":"a.B"},"ticker":"t",` +
		`"auto_cancel":false,"when":"w","importance":"HIGH","use_default_vibrate":true,"use_default_light":false,` +
		`"visibility":"PUBLIC","foreground_show":true}}}}`, true},
	{"whitespace", " { \"message\" : { \"token\" : [ \"a\" ] , \"data\" : \" x \" } } ", true},
	{"escapes", `{"message":{"token":["\"t\" \\ \u00e9 \ud83d\ude00 \ud800"],"data":"{\"k\":\"v\"}"}}`, true},
	{"unicode", `{"message":{"notification":{"title":"鲍勃","body":"你好 😀"}}}`, true},
	{"invalid utf-8 string", "{\"message\":{\"topic\":\"\xff\"}}", true},
	{"invalid utf-8 data", "{\"message\":{\"data\":\"\xff\"}}", false},
	{"empty token list", `{"message":{"token":[]}}`, true},
	{"number data", `{"message":{"data":1.50}}`, true},
	{"bool data", `{"message":{"data":true}}`, false},
	{"bad number", `{"message":{"android":{"collapse_key":"x"}}}`, false},
	{"fraction", `{"message":{"android":{"notification":{"style":1.5}}}}`, false},
	{"number in token list", `{"message":{"token":[1]}}`, false},
	{"null in token list", `{"message":{"token":[null]}}`, false},
	{"number for string", `{"message":{"topic":1}}`, false},
	{"string for bool", `{"validate_only":"true"}`, false},
	{"null message", `{"message":null}`, false},
	{"null field", `{"message":{"topic":null}}`, false},
	{"duplicate key", `{"message":{"topic":"a","topic":"b"}}`, false},
	{"duplicate object", `{"message":{"android":{"urgency":"HIGH"},"android":{"category":"IM"}}}`, false},
	{"other case", `{"Message":{"Topic":"a"}}`, false},
	{"unknown field", `{"message":{"x":1}}`, false},
	{"apns", `{"message":{"apns":{}}}`, false},
	{"list field", `{"message":{"android":{"notification":{"body_loc_args":["a"]}}}}`, false},
	{"trailing data", `{} {}`, false},
	{"trailing garbage", `{} x`, false},
	{"trailing comma", `{"message":{},}`, false},
	{"array", `[]`, false},
	{"null", `null`, false},
	{"blank", ``, false},
}

// TestReadSendRequest checks which bodies readSendRequest takes and that
// decodeSendRequest gives what decodeSendRequestJSON gives for each.
func TestReadSendRequest(t *testing.T) {
	cases := []mocktest.DecodeCase{{Name: "client", In: clientBody(t), Hand: true}}
	for _, c := range sendRequestCases {
		cases = append(cases, mocktest.DecodeCase{Name: c.name, In: c.in, Hand: c.hand})
	}
	takes := func(b []byte) bool { _, ok := readSendRequest(b); return ok }
	mocktest.DecodeCases(t, cases, takes, "decodeSendRequest", decodeSendRequest, decodeSendRequestJSON)
}

// FuzzDecodeSendRequest checks decodeSendRequest, which decodes the
// common shape by hand, against decodeSendRequestJSON, the Decoder it
// replaces: the same request or the same error.
func FuzzDecodeSendRequest(f *testing.F) {
	f.Add(clientBody(f))
	for _, c := range sendRequestCases {
		f.Add(c.in)
	}
	f.Fuzz(checkDecodeSendRequest)
}

func checkDecodeSendRequest(t *testing.T, s string) {
	mocktest.SameDecode(t, "decodeSendRequest", decodeSendRequest, decodeSendRequestJSON, s)
}
