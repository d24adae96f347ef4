package meizu_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/meizu"
)

func TestParseNoticeMessage(t *testing.T) {
	bar := `"noticeBarInfo":{"title":"Bob","content":"hi"}`
	tests := []struct {
		name    string
		json    string
		wantErr string // substring of the 1005 message; "" means valid
		check   func(t *testing.T, m meizu.NoticeMessage)
	}{
		{name: "minimal gets defaults", json: `{` + bar + `}`, check: func(t *testing.T, m meizu.NoticeMessage) {
			if m.NoticeBarInfo.NoticeMsgType != 0 || m.ClickTypeInfo.ClickType != 0 ||
				*m.PushTimeInfo.OffLine != 1 || *m.PushTimeInfo.ValidTime != 24 {
				t.Errorf("defaults = %+v %+v %+v", m.NoticeBarInfo, m.ClickTypeInfo, m.PushTimeInfo)
			}
		}},
		{name: "ints", json: `{"noticeBarInfo":{"noticeMsgType":1,"title":"t","content":"c"},"pushTimeInfo":{"offLine":0,"validTime":3}}`,
			check: wantTime(0, 3, 1)},
		{name: "booleans (Java SDK)", json: `{"noticeBarInfo":{"noticeMsgType":true,"title":"t","content":"c"},"pushTimeInfo":{"offLine":false,"validTime":3}}`,
			check: wantTime(0, 3, 1)},
		{name: "numeric strings", json: `{"noticeBarInfo":{"noticeMsgType":"1","title":"t","content":"c"},"pushTimeInfo":{"offLine":"1","validTime":"72"}}`,
			check: wantTime(1, 72, 1)},
		{name: "float-looking integer", json: `{"noticeBarInfo":{"title":"t","content":"c"},"pushTimeInfo":{"validTime":12.0}}`,
			check: wantTime(1, 12, 0)},
		{name: "callback type as string with default", json: `{` + bar + `,"extra":{"callback":"http://cb.example/x","callback.param":"p","callback.type":"2"}}`,
			check: func(t *testing.T, m meizu.NoticeMessage) {
				if m.Extra == nil || *m.Extra.CallbackType != 2 || m.Extra.CallbackParam != "p" {
					t.Errorf("extra = %+v", m.Extra)
				}
			}},
		{name: "callback type defaults to 3", json: `{` + bar + `,"extra":{"callback":"https://cb.example/x"}}`,
			check: func(t *testing.T, m meizu.NoticeMessage) {
				if *m.Extra.CallbackType != 3 {
					t.Errorf("callback.type = %d", *m.Extra.CallbackType)
				}
			}},
		{name: "parameters object", json: `{` + bar + `,"clickTypeInfo":{"clickType":1,"activity":"com.example.chat.ChatActivity","parameters":{"ext":"{\"conv\":1}","n":12345678901234567890}}}`,
			check: func(t *testing.T, m meizu.NoticeMessage) {
				p := m.ClickTypeInfo.Parameters.Strings()
				if p["ext"] != `{"conv":1}` || p["n"] != "12345678901234567890" {
					t.Errorf("parameters = %v", p)
				}
			}},
		{name: "parameters as a string holding an object", json: `{` + bar + `,"clickTypeInfo":{"parameters":"{\"ext\":\"x\"}"}}`,
			check: func(t *testing.T, m meizu.NoticeMessage) {
				if m.ClickTypeInfo.Parameters["ext"] != "x" {
					t.Errorf("parameters = %v", m.ClickTypeInfo.Parameters)
				}
			}},
		{name: "32-character Chinese title", json: `{"noticeBarInfo":{"title":"` + strings.Repeat("消", 32) + `","content":"c"}}`},
		{name: "not JSON", json: `{`, wantErr: "not valid"},
		{name: "trailing data", json: `{` + bar + `} {}`, wantErr: "trailing"},
		{name: "no noticeBarInfo", json: `{}`, wantErr: "noticeBarInfo.title"},
		{name: "empty title", json: `{"noticeBarInfo":{"title":"","content":"c"}}`, wantErr: "noticeBarInfo.title"},
		{name: "33-character title", json: `{"noticeBarInfo":{"title":"` + strings.Repeat("a", 33) + `","content":"c"}}`, wantErr: "1-32"},
		{name: "no content", json: `{"noticeBarInfo":{"title":"t"}}`, wantErr: "noticeBarInfo.content"},
		{name: "101-character content", json: `{"noticeBarInfo":{"title":"t","content":"` + strings.Repeat("a", 101) + `"}}`, wantErr: "1-100"},
		{name: "noticeMsgType 2", json: `{"noticeBarInfo":{"noticeMsgType":2,"title":"t","content":"c"}}`, wantErr: "noticeMsgType"},
		{name: "noticeBarType 1", json: `{"noticeBarInfo":{"noticeBarType":1,"title":"t","content":"c"}}`, wantErr: "noticeBarType"},
		{name: "word for a flag", json: `{` + bar + `,"pushTimeInfo":{"offLine":"yes"}}`, wantErr: "not valid"},
		{name: "offLine 2", json: `{` + bar + `,"pushTimeInfo":{"offLine":2}}`, wantErr: "offLine"},
		{name: "validTime 0", json: `{` + bar + `,"pushTimeInfo":{"validTime":0}}`, wantErr: "validTime"},
		{name: "validTime 73", json: `{` + bar + `,"pushTimeInfo":{"validTime":73}}`, wantErr: "validTime"},
		{name: "activity missing", json: `{` + bar + `,"clickTypeInfo":{"clickType":1}}`, wantErr: "activity"},
		{name: "url missing", json: `{` + bar + `,"clickTypeInfo":{"clickType":2}}`, wantErr: "url"},
		{name: "custom attribute missing", json: `{` + bar + `,"clickTypeInfo":{"clickType":3}}`, wantErr: "customAttribute"},
		{name: "clickType 4", json: `{` + bar + `,"clickTypeInfo":{"clickType":4}}`, wantErr: "clickType"},
		{name: "parameters array", json: `{` + bar + `,"clickTypeInfo":{"parameters":[1]}}`, wantErr: "parameters"},
		{name: "expand text missing", json: `{` + bar + `,"noticeExpandInfo":{"noticeExpandType":1}}`, wantErr: "noticeExpandContent"},
		{name: "notifyKey too long", json: `{` + bar + `,"advanceInfo":{"notifyKey":"123456789"}}`, wantErr: "notifyKey"},
		{name: "notifyKey bad char", json: `{` + bar + `,"advanceInfo":{"notifyKey":"a b"}}`, wantErr: "notifyKey"},
		{name: "suspend 5", json: `{` + bar + `,"advanceInfo":{"suspend":5}}`, wantErr: "suspend"},
		{name: "callback too long", json: `{` + bar + `,"extra":{"callback":"http://x/` + strings.Repeat("a", 128) + `"}}`, wantErr: "128"},
		{name: "callback not http", json: `{` + bar + `,"extra":{"callback":"ftp://x/y"}}`, wantErr: "http(s)"},
		{name: "callback param too long", json: `{` + bar + `,"extra":{"callback":"http://x/y","callback.param":"` + strings.Repeat("p", 65) + `"}}`, wantErr: "64"},
		{name: "callback type 4", json: `{` + bar + `,"extra":{"callback":"http://x/y","callback.type":4}}`, wantErr: "callback.type"},
		{name: "param without callback", json: `{` + bar + `,"extra":{"callback.param":"p"}}`, wantErr: "extra.callback is required"},
		{name: "vipInfo not an object", json: `{` + bar + `,"vipInfo":3}`, wantErr: "vipInfo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := meizu.ParseNoticeMessage(tc.json)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseNoticeMessage(%s) = %v, want ok", tc.json, err)
				}
				if tc.check != nil {
					tc.check(t, m)
				}
				return
			}
			var apiErr *meizu.APIError
			if !errors.As(err, &apiErr) || apiErr.Code != meizu.CodeParamError || !strings.Contains(apiErr.Message, tc.wantErr) {
				t.Fatalf("ParseNoticeMessage(%s) = %v, want 1005 mentioning %q", tc.json, err, tc.wantErr)
			}
		})
	}
}

// wantTime checks the normalized offline policy and message type.
func wantTime(offLine, validTime, msgType int) func(*testing.T, meizu.NoticeMessage) {
	return func(t *testing.T, m meizu.NoticeMessage) {
		t.Helper()
		if int(*m.PushTimeInfo.OffLine) != offLine || int(*m.PushTimeInfo.ValidTime) != validTime ||
			int(m.NoticeBarInfo.NoticeMsgType) != msgType {
			t.Errorf("got offLine %d validTime %d noticeMsgType %d, want %d %d %d", *m.PushTimeInfo.OffLine,
				*m.PushTimeInfo.ValidTime, m.NoticeBarInfo.NoticeMsgType, offLine, validTime, msgType)
		}
		// Normalized output writes flags as numbers.
		b, _ := json.Marshal(m)
		if strings.Contains(string(b), "true") || strings.Contains(string(b), `"1"`) {
			t.Errorf("normalized message keeps non-numeric flags: %s", b)
		}
	}
}
