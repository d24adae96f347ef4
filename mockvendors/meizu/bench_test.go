package meizu_test

import (
	"net/url"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/meizu"
)

func BenchmarkSign(b *testing.B) {
	params := url.Values{"appId": {"1234512345123451234"}, "pushIds": {"UU34b4f75b6b650000007d5c7f737e4a7d037d63"},
		"messageJson": {`{"noticeBarInfo":{"title":"Bob","content":"hi there"},"clickTypeInfo":{"clickType":1,"activity":"com.example.chat.ChatActivity","parameters":{"ext":"{\"conv\":\"c2c_bob\"}"}}}`}}
	for b.Loop() {
		meizu.Sign(params, "s3cr3t")
	}
}

func BenchmarkParseNoticeMessage(b *testing.B) {
	const js = `{"noticeBarInfo":{"noticeMsgType":1,"title":"Bob","content":"hi there"},"clickTypeInfo":{"clickType":"1","activity":"com.example.chat.ChatActivity","parameters":{"ext":"x"}},"pushTimeInfo":{"offLine":true,"validTime":24}}`
	for b.Loop() {
		if _, err := meizu.ParseNoticeMessage(js); err != nil {
			b.Fatal(err)
		}
	}
}
