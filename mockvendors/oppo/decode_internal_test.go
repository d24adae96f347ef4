package oppo

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// clientMessage is the message pushsim's client sends for an IM push.
func clientMessage(t testing.TB) string {
	n := &Notification{Title: "Bob", Content: "hi <there> & \"you\"", ClickActionType: ClickActivity,
		ClickActionActivity: "com.example.Chat", ActionParameters: Parameters{"ext": `{"conv":"c2c_bob"}`},
		OffLine: Bool(true), OffLineTTL: Int(DefaultOffLineTTL), ChannelID: "im", Category: "IM",
		CallBackURL: "https://cb/", CallBackParameter: "k", Style: Int(StyleLongText)}
	b, err := json.Marshal(Message{TargetType: TargetRegID, TargetValue: "tok", Notification: n})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// messageCases are message texts for readMessage: the common shape and
// every way out of it.
var messageCases = []struct {
	name string
	in   string
	hand bool // readMessage decodes it itself
}{
	{"empty", `{}`, true},
	{"every field", `{"target_type":2,"target_value":"t","registration_id":"r","verify_registration_id":"1","notification":{` +
		`"app_message_id":"a","style":1,"title":"t","sub_title":"s","content":"c","click_action_type":"4","click_action_activity":"a.B",` +
		`"click_action_url":"u","action_parameters":{"k":"v","n":1.5},"show_time_type":1,"show_start_time":2,"show_end_time":3,` +
		`"off_line":"TRUE","off_line_ttl":60,"push_time_type":0,"push_start_time":1,"time_zone":"GMT+08:00","fix_speed":false,` +
		`"fix_speed_rate":1,"network_type":0,"call_back_url":"u","call_back_parameter":"p","channel_id":"c","category":"IM",` +
		`"notify_level":2,"private_msg_template_id":"p","show_ttl":1,"notify_id":5,"big_picture_id":"b","small_picture_id":"s"}}`, true},
	{"whitespace", " { \"target_type\" : 2 , \"notification\" : { \"title\" : \"a b\" } } ", true},
	{"escapes", `{"target_value":"\"t\" \\ \u00e9 \ud83d\ude00 \ud800","notification":{"action_parameters":"{\"ext\":\"x\"}"}}`, true},
	{"unicode", `{"notification":{"title":"鲍勃","content":"你好 😀"}}`, true},
	{"invalid utf-8", "{\"target_value\":\"\xff\"}", true},
	{"bool as int", `{"target_type":true}`, true},
	{"empty parameters", `{"notification":{"action_parameters":""}}`, true},
	{"nested parameters", `{"notification":{"action_parameters":{"a":{"b":[1]}}}}`, true},
	{"bad number", `{"target_type":"x"}`, false},
	{"bad flag", `{"notification":{"off_line":2}}`, false},
	{"bad parameters", `{"notification":{"action_parameters":[1]}}`, false},
	{"number for string", `{"target_value":2}`, false},
	{"null", `null`, false},
	{"null member", `{"notification":null}`, false},
	{"null field", `{"notification":{"style":null}}`, false},
	{"duplicate key", `{"target_value":"a","target_value":"b"}`, false},
	{"camelCase", `{"targetType":2,"notification":{"clickActionType":1}}`, false},
	{"other case", `{"Target_Value":"a"}`, false},
	{"unknown field", `{"x":1}`, false},
	{"string holding the message", `"{\"target_type\":2}"`, false},
	{"notification as string", `{"notification":"{\"title\":\"t\"}"}`, false},
	{"trailing data", `{} {}`, false},
	{"trailing comma", `{"target_type":2,}`, false},
	{"array", `[]`, false},
	{"blank", ``, false},
}

// TestReadMessage checks which texts readMessage takes and that
// decodeMessage gives what decodeMessageJSON gives for each.
func TestReadMessage(t *testing.T) {
	cases := append(messageCases, struct {
		name string
		in   string
		hand bool
	}{"client", clientMessage(t), true})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, got := readMessage(c.in); got != c.hand {
				t.Errorf("readMessage(%q) ok = %v, want %v", c.in, got, c.hand)
			}
			checkDecodeMessage(t, c.in)
		})
	}
}

// FuzzDecodeMessage checks decodeMessage, which decodes the common shape
// by hand, against decodeMessageJSON, the json.Unmarshal it replaces:
// the same message or the same error.
func FuzzDecodeMessage(f *testing.F) {
	f.Add(clientMessage(f))
	for _, c := range messageCases {
		f.Add(c.in)
	}
	f.Fuzz(checkDecodeMessage)
}

func checkDecodeMessage(t *testing.T, s string) {
	got, gotErr := decodeMessage(s)
	want, wantErr := decodeMessageJSON(s)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("decodeMessage(%q) error %v, want %v", s, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeMessage(%q) = %#v, want %#v", s, got, want)
	}
}
