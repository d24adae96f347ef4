package meizu

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/internal/fieldfill"
)

// FuzzMarshalNoticeMessage checks marshalNoticeMessage against
// json.Marshal on messages built from arbitrary text and numbers, with
// every optional part present or not.
func FuzzMarshalNoticeMessage(f *testing.F) {
	f.Add("Bob", "hi there", "com.example.chat.ChatActivity", "ext", `{"conv":"c2c_bob"}`, "http://127.0.0.1/r", "m1", 1, 24, uint16(0xffff))
	f.Add("<&>", "\u2028\xff\"\\", "", "", "", "", "", -3, 1<<40, uint16(0))
	f.Add("t", "c", "a.B", "k", "v", "", "p", 0, 0, uint16(0x5555))
	f.Fuzz(func(t *testing.T, title, content, text, key, value, callback, param string, n, v int, parts uint16) {
		has := func(bit int) bool { return parts&(1<<bit) != 0 }
		m := NoticeMessage{NoticeBarInfo: NoticeBarInfo{NoticeMsgType: FlexInt(n), NoticeBarType: FlexInt(v), Title: title, Content: content}}
		if has(0) {
			m.ClickTypeInfo = &ClickTypeInfo{ClickType: FlexInt(n)}
			if has(1) {
				m.ClickTypeInfo.URL = text
			}
			if has(2) {
				m.ClickTypeInfo.Activity = text
			}
			if has(3) {
				m.ClickTypeInfo.CustomAttribute = value
			}
			switch {
			case has(4):
				m.ClickTypeInfo.Parameters = Parameters{key: value, "ext": text, "": title}
			case has(5):
				m.ClickTypeInfo.Parameters = Parameters{key: json.Number("1.50"), "s": value}
			case has(6):
				m.ClickTypeInfo.Parameters = Parameters{}
			}
		}
		if has(7) {
			m.PushTimeInfo = &PushTimeInfo{}
			if has(8) {
				m.PushTimeInfo.OffLine = Int(n)
			}
			if has(9) {
				m.PushTimeInfo.ValidTime = Int(v)
			}
		}
		if has(10) {
			m.Extra = &Extra{Callback: callback, CallbackParam: param}
			if has(11) {
				m.Extra.CallbackType = Int(v)
			}
		}
		switch {
		case has(12):
			m.AdvanceInfo = &AdvanceInfo{NotifyKey: text}
		case has(13):
			m.NoticeExpandInfo = &NoticeExpandInfo{NoticeExpandContent: text}
		case has(14):
			m.VipInfo = json.RawMessage(`{"x" : 1}`)
		}
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalNoticeMessage(&m)
		if err != nil || string(got) != string(want) {
			t.Fatalf("marshalNoticeMessage(%+v) = %s, %v, want %s", m, got, err, want)
		}
	})
}

// Every field of a message the hand-written encoder takes, those added
// after it was written too, comes out as json.Marshal writes it.
func TestMarshalNoticeMessageKnowsEveryField(t *testing.T) {
	var m NoticeMessage
	// The parts the encoder leaves to json.Marshal stay unset.
	skip := func(p string) bool {
		return p == "NoticeMessage.NoticeExpandInfo" || p == "NoticeMessage.AdvanceInfo" || p == "NoticeMessage.VipInfo"
	}
	if err := fieldfill.Fill(&m, skip); err != nil {
		t.Fatal(err)
	}
	b, ok := appendNoticeMessage(nil, &m)
	if !ok {
		t.Fatalf("appendNoticeMessage left a message with every field it takes to json.Marshal: %+v", m)
	}
	want, err := json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(want) {
		t.Fatalf("appendNoticeMessage =\n%s\nwant json.Marshal's\n%s", b, want)
	}
}
