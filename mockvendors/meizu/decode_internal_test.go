package meizu

import (
	"reflect"
	"testing"
)

// noticeMessageCases are messageJson texts for readNoticeMessage: the
// common shape and every way out of it.
var noticeMessageCases = []struct {
	name string
	in   string
	hand bool // readNoticeMessage decodes it itself
}{
	{"common", `{"noticeBarInfo":{"noticeMsgType":1,"title":"Bob","content":"hi there"},"clickTypeInfo":{"clickType":"1","activity":"com.example.chat.ChatActivity","parameters":{"ext":"x"}},"pushTimeInfo":{"offLine":true,"validTime":24}}`, true},
	{"every member", `{"noticeBarInfo":{"noticeMsgType":0,"noticeBarType":2,"title":"t","content":"c"},"noticeExpandInfo":{"noticeExpandType":1,"noticeExpandContent":"x","noticeExpandImgUrl":"u"},"clickTypeInfo":{"clickType":2,"url":"http://a/","parameters":{},"activity":"a.B","customAttribute":"z"},"pushTimeInfo":{"offLine":0,"validTime":"72"},"extra":{"callback":"http://cb/","callback.param":"p","callback.type":3}}`, true},
	{"whitespace", " \t{ \"noticeBarInfo\" : { \"title\" : \"a b\" } }\n", true},
	{"empty", `{}`, true},
	{"escapes", `{"noticeBarInfo":{"title":"\"q\" \\ \/ \n \u00e9 \ud83d\ude00","content":"\ud800"}}`, true},
	{"unicode", `{"noticeBarInfo":{"title":"鲍勃","content":"你好 😀"}}`, true},
	{"invalid utf-8", "{\"noticeBarInfo\":{\"title\":\"\xff\"}}", true},
	{"escaped parameters", `{"clickTypeInfo":{"parameters":{"ext":"{\"conv\":\"c2c_bob\"}","n":1.50,"m":-0}}}`, true},
	{"parameters as a string", `{"clickTypeInfo":{"parameters":"{\"k\":\"v\"}"}}`, true},
	{"number as string", `{"noticeBarInfo":{"noticeMsgType":"1"},"extra":{"callback.type":" 3 "}}`, true},
	{"float number", `{"noticeBarInfo":{"noticeMsgType":1.0},"pushTimeInfo":{"validTime":2e1}}`, true},
	{"negative", `{"noticeBarInfo":{"noticeBarType":-1}}`, true},
	{"bool", `{"pushTimeInfo":{"offLine":false}}`, true},
	{"big number", `{"noticeBarInfo":{"noticeMsgType":99999999999}}`, false},
	{"number for string", `{"noticeBarInfo":{"title":1}}`, false},
	{"string for number", `{"noticeBarInfo":{"noticeMsgType":"x"}}`, false},
	{"null member", `{"clickTypeInfo":null}`, false},
	{"null field", `{"noticeBarInfo":{"title":null}}`, false},
	{"null number", `{"pushTimeInfo":{"offLine":null}}`, false},
	{"null parameters", `{"clickTypeInfo":{"parameters":null}}`, false},
	{"duplicate key", `{"noticeBarInfo":{"title":"a","title":"b"}}`, false},
	{"duplicate object", `{"pushTimeInfo":{"offLine":1},"pushTimeInfo":{"validTime":2}}`, false},
	{"unknown field", `{"noticeBarInfo":{"title":"a"},"x":1}`, false},
	{"other case", `{"NoticeBarInfo":{"Title":"a"}}`, false},
	{"escaped key", `{"noticeBarInfo":{"t\u0069tle":"a"}}`, false},
	{"advanceInfo", `{"advanceInfo":{"notifyKey":"k"}}`, false},
	{"vipInfo", `{"vipInfo":{"x":1}}`, false},
	{"bad parameters", `{"clickTypeInfo":{"parameters":[1]}}`, false},
	{"nested parameters", `{"clickTypeInfo":{"parameters":{"a":{"b":1}}}}`, true},
	{"trailing data", `{"noticeBarInfo":{}} {}`, false},
	{"trailing comma", `{"noticeBarInfo":{"title":"a",}}`, false},
	{"unterminated", `{"noticeBarInfo":{"title":"a"`, false},
	{"not an object", `[]`, false},
	{"null", `null`, false},
	{"blank", ` `, false},
	{"object for struct", `{"noticeBarInfo":"x"}`, false},
}

// TestReadNoticeMessage checks which texts readNoticeMessage takes and
// that decodeNoticeMessage gives what decodeNoticeMessageJSON gives for
// each.
func TestReadNoticeMessage(t *testing.T) {
	for _, c := range noticeMessageCases {
		t.Run(c.name, func(t *testing.T) {
			var m NoticeMessage
			if got := readNoticeMessage(c.in, &m); got != c.hand {
				t.Errorf("readNoticeMessage(%q) = %v, want %v", c.in, got, c.hand)
			}
			checkDecodeNoticeMessage(t, c.in)
		})
	}
}

// FuzzDecodeNoticeMessageHand checks decodeNoticeMessage, which decodes
// the common shape by hand, against decodeNoticeMessageJSON, the
// encoding/json decoder it replaces: the same message or the same error.
func FuzzDecodeNoticeMessageHand(f *testing.F) {
	for _, c := range noticeMessageCases {
		f.Add(c.in)
	}
	f.Fuzz(checkDecodeNoticeMessage)
}

func checkDecodeNoticeMessage(t *testing.T, s string) {
	got, gotErr := decodeNoticeMessage(s)
	want, wantErr := decodeNoticeMessageJSON(s)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("decodeNoticeMessage(%q) error %v, want %v", s, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeNoticeMessage(%q) = %#v, want %#v", s, got, want)
	}
}
