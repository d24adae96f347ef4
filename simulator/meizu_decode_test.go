package simulator

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

// meizuSeeds are messageJsons as senders write them, and variations.
var meizuSeeds = []string{
	`{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":0,"parameters":{"ext":"x"}}}`,
	`{"noticeBarInfo":{"noticeBarType":0,"title":"标题 ✓","content":"正文"},"noticeExpandInfo":{"noticeExpandType":0},"clickTypeInfo":{"clickType":1,"activity":"com.example.Main","parameters":{"ext":"{\"a\":1}","n":3,"o":{"x":[1,2]}}},"pushTimeInfo":{"offLine":1,"validTime":24},"advanceInfo":{"suspend":1,"clearNoticeBar":1}}`,
	`{"clickTypeInfo":{"clickType":"2","url":"https://example.com/?a=1&b=2"}}`,
	`{"clickTypeInfo":{"clickType":true,"customAttribute":"c"}}`,
	`{"clickTypeInfo":{"clickType":false}}`,
	`{"clickTypeInfo":{"clickType":null}}`,
	`{"clickTypeInfo":{"clickType":"x"}}`,
	`{"clickTypeInfo":{"clickType":1.5}}`,
	`{"clickTypeInfo":{"clickType":{}}}`,
	`{"clickTypeInfo":{"clickType":"\u0031"}}`,
	`{"clickTypeInfo":{"parameters":null}}`,
	`{"clickTypeInfo":{"parameters":[1]}}`,
	`{"clickTypeInfo":{"parameters":{}}}`,
	`{"clickTypeInfo":{"parameters":{"a":"1","a":"2"}}}`,
	`{"clickTypeInfo":{"parameters":{"a":null,"b":true,"c":"\u00e9\n","d":"` + "\xff" + `"}}}`,
	`{"clickTypeInfo":{"parameters":{"a\u00e9":"1"}}}`,
	`{"clickTypeInfo":{"parameters":{"a":1,}}}`,
	`{"clickTypeInfo":{"parameters": { "a" : [ 1 , {"b":2} ] } }}`,
	`{"clickTypeInfo":null}`,
	`{"clickTypeInfo":[]}`,
	`{"noticeBarInfo":{"title":"a\"b","content":"c"}}`,
	`{"noticeBarInfo":{"title":5}}`,
	`{"noticeBarInfo":{"title":"a","title":"b"}}`,
	`{"noticeBarInfo":{"title":"a"},"noticeBarInfo":{"content":"b"}}`,
	`{"NoticeBarInfo":{"Title":"a"}}`,
	`{"notice_bar_info":{"title":"a"}}`,
	`{"noticeBarInfo":{"TITLE":"a"}}`,
	`{"noticeBarInfoX":{"title":"a"}}`,
	`{"noticeBarInfo":{"title":"` + "\xff" + `"}}`,
	`{"ｎoticeBarInfo":{"title":"a"}}`,
	` {"noticeBarInfo" : {"title" : "a"} } `,
	`{"noticeBarInfo":{"title":"a"}} x`,
	`{"noticeBarInfo":{"title":"a"}`,
	`{"noticeBarInfo":{"title":"a",}}`,
	`[]`, `null`, `{}`, ``, `"x"`, `{"a":}`,
}

func TestDecodeMeizuMessageMatchesEncodingJSON(t *testing.T) {
	for _, s := range meizuSeeds {
		checkMeizuDecode(t, []byte(s))
	}
}

// The messageJsons of every day are decoded by hand.
func TestDecodeMeizuMessageByHand(t *testing.T) {
	for _, s := range meizuSeeds[:4] {
		var m meizuMessage
		if ok, _ := readMeizuMessage([]byte(s), &m); !ok {
			t.Errorf("%s is left to encoding/json", s)
		}
	}
	if _, ok := readStringMap([]byte(`{"ext":"{\"a\":1}","n":3}`)); !ok {
		t.Error("parameters with an escaped string are left to encoding/json")
	}
}

func FuzzDecodeMeizuMessage(f *testing.F) {
	for _, s := range meizuSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkMeizuDecode(t, data) })
}

// checkMeizuDecode checks decodeMeizuMessage against json.Unmarshal, and
// stringMap against stringMapJSON, on data and on its clickTypeInfo's
// parameters.
func checkMeizuDecode(t *testing.T, data []byte) {
	t.Helper()
	var want, got meizuMessage
	wantErr := json.Unmarshal(data, &want)
	gotErr := decodeMeizuMessage(data, &got)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%q: decodeMeizuMessage error %v, json.Unmarshal %v", data, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeMeizuMessage = %+v, json.Unmarshal %+v", data, got, want)
	}
	for _, raw := range []json.RawMessage{data, want.ClickTypeInfo.Parameters} {
		if len(raw) == 0 {
			continue
		}
		if got, want := stringMap(raw), stringMapJSON(raw); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: stringMap = %v, stringMapJSON %v", raw, got, want)
		}
	}
}

func BenchmarkMeizuRender(b *testing.B) {
	const pkg = "com.example.chat"
	d := &Device{cfg: Config{ID: "d", Brand: protocol.BrandMeizu, ROM: "flyme-9", App: AppConfig{Package: pkg, Permissions: MeizuPermissions(pkg)}}}
	n := protocol.DeviceNotice{MsgID: "m", Package: pkg, Payload: json.RawMessage(meizuSeeds[1])}
	b.ReportAllocs()
	for b.Loop() {
		meizuSDK{}.render(d, n)
	}
}
