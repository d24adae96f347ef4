package meizu

import (
	"reflect"
	"testing"
)

// FuzzDecodeNoticeMessage checks decodeNoticeMessage against decoding
// with a Decoder alone, what it replaces: the same message or the same
// error, for any text.
func FuzzDecodeNoticeMessage(f *testing.F) {
	for _, s := range []string{
		`{"noticeBarInfo":{"noticeMsgType":1,"title":"Bob","content":"hi"}}`,
		`{"noticeBarInfo":{"title":"t","content":"c"},"clickTypeInfo":{"clickType":"1","activity":"a.B","parameters":{"ext":"x","n":1.50}}} `,
		`{"clickTypeInfo":{"parameters":"{\"k\":[1,2]} x"}}`,
		`{"noticeBarInfo":{"title":"t"}} {"x":1}`, `{"a":1}]`, `{"noticeBarInfo":{"title":1}}`, `null`, `[]`, ``, ` `,
		`{"noticeBarInfo":{"title":"\ud800\xff","content":"c","title":"again"}}`, `{"extra":{"callback.type":true},"vipInfo":{"x":1}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gotErr := decodeNoticeMessage(s)
		want, wantErr := decodeNoticeMessageStream(s)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("decodeNoticeMessage(%q) error %v, want %v", s, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeNoticeMessage(%q) = %#v, want %#v", s, got, want)
		}
	})
}
