package honor

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"

	"github.com/pushsim/pushsim/protocol"
)

// clientBody is the body pushsim's client sends for an IM push.
func clientBody(t testing.TB) string {
	m := MessageFor(protocol.PushRequest{Token: "tok", Title: "Bob", Desc: "hi <there> & \"you\"", Ext: `{"conv":"c2c_bob"}`,
		Cert: protocol.Certificate{Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.Chat"}}})
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
	{"every field", `{"data":"d","notification":{"title":"t","body":"b","image":"i"},"token":["a","b"],` +
		`"android":{"ttl":"86400s","biTag":"b","data":{"k":"v"},"targetUserType":"1","notification":{"title":"t","body":"b",` +
		`"clickAction":{"type":1,"intent":"i","url":"u","action":"a"},"image":"i","style":"1","bigTitle":"t","bigBody":"b",` +
		`"importance":"NORMAL","when":"w","badge":{"addNum":1,"setNum":2,"badgeClass":"a.B"},"notifyId":3,"tag":"t","group":"g"}}}`, true},
	{"whitespace", " { \"token\" : [ \"a\" ] , \"data\" : 12 } ", true},
	{"escapes", `{"token":["\"t\" \\ \u00e9 \ud83d\ude00 \ud800"],"data":"{\"k\":\"v\"}"}`, true},
	{"unicode", `{"notification":{"title":"鲍勃","body":"你好 😀"}}`, true},
	{"invalid utf-8 string", "{\"notification\":{\"title\":\"\xff\"}}", true},
	{"invalid utf-8 data", "{\"data\":\"\xff\"}", false},
	{"empty token list", `{"token":[]}`, true},
	{"bad number", `{"android":{"targetUserType":"x"}}`, false},
	{"number in token list", `{"token":[1]}`, false},
	{"number for string", `{"android":{"biTag":1}}`, false},
	{"null", `null`, false},
	{"null field", `{"notification":null}`, false},
	{"null number", `{"android":{"notification":{"badge":{"setNum":null}}}}`, false},
	{"duplicate key", `{"token":["a"],"token":["b"]}`, false},
	{"other case", `{"Token":["a"]}`, false},
	{"snake_case", `{"android":{"bi_tag":"b"}}`, false},
	{"buttons", `{"android":{"notification":{"buttons":[{"name":"n","actionType":0}]}}}`, false},
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
