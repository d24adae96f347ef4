package protocol

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/pushsim/pushsim/internal/fieldfill"
)

// frameSeeds are frames as they travel, and variations on them.
var frameSeeds = []string{
	`{"type":"notification","notification":{"msgId":"m1","token":"tok","package":"com.example.chat","payload":{"noticeBarInfo":{"title":"T","content":"B"},"clickTypeInfo":{"clickType":0,"parameters":{"ext":"x"}}}}}`,
	`{"type":"ack","msgId":"m1","token":"tok"}`,
	`{"type":"clicked","msgId":"m1","token":"tok"}`,
	`{"type":"register_status","seq":3,"status":{"code":"200","token":"tok"}}`,
	`{"type":"register","seq":1,"register":{"appId":"1","appKey":"k","package":"p","deviceId":"d","brand":"meizu","rom":"flyme-9","android":12}}`,
	`{"type":"unregister","seq":2,"register":{"appId":"1","appKey":"","package":"p","deviceId":"d","brand":"meizu"}}`,
	` { "type" : "ack" , "msgId" : "m1" , "token" : "tok" } `,
	"{\"type\":\"ack\",\n\t\"msgId\":\"m1\"\r}",
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":null}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":[1,-2.5e+3,true,false,null,"a\"\\\/\b\f\n\r\t\u00e9",{}]}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload": {"a" : [ 1 , 2 ] } }}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p"}}`,
	`{"type":"notification","notification":{}}`,
	`{"type":"notification","notification":null}`,
	`{"type":"ack","msgId":"m\u00e9","token":"t\"q"}`,
	`{"type":"ack","msgId":"é✓😀","token":"t"}`,
	"{\"type\":\"ack\",\"msgId\":\"\xff\xfe\",\"token\":\"t\"}",
	`{"type":"ack","msgId":"a","msgId":"b"}`,
	`{"Type":"ack","MSGID":"m"}`,
	`{"type":"ack","extra":{"x":[1]}}`, `{"0":}`, `{"type":"notification","notification":{"x":}}`,
	`{"type":"ack","seq":18446744073709551615}`,
	`{"type":"ack","seq":18446744073709551616}`,
	`{"type":"ack","seq":9999999999999999999}`,
	`{"type":"ack","seq":-1}`,
	`{"type":"ack","seq":1.0}`,
	`{"type":"ack","seq":1e2}`,
	`{"type":"ack","seq":01}`,
	`{"type":"ack","seq":"1"}`,
	`{"type":1}`,
	`{"type":null}`,
	`{"type":"ack"}x`,
	`{"type":"ack"} {}`,
	`{"type":"ack",}`,
	`{"type":"ack"`,
	`{"type":"a` + "\x01" + `"}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":[1,]}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":01}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":"\x"}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":"\u12"}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":tru}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":-}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":1.}}`,
	`{"type":"notification","notification":{"msgId":"m","token":"t","package":"p","payload":1e}}`,
	`[]`, `null`, `""`, ``, `{}`, `{"type":"ack"}`, "\xef\xbb\xbf{}",
}

func TestParseDeviceFrameMatchesEncodingJSON(t *testing.T) {
	for _, s := range frameSeeds {
		checkParse(t, []byte(s))
	}
}

// The frames of every day take the hand-written path.
func TestParseDeviceFrameByHand(t *testing.T) {
	for _, s := range []string{frameSeeds[0], frameSeeds[1], frameSeeds[2], frameSeeds[6], frameSeeds[8], frameSeeds[9], frameSeeds[10], frameSeeds[15]} {
		var f DeviceFrame
		if !parseFrame([]byte(s), &f) {
			t.Errorf("%s is left to encoding/json", s)
		}
	}
	var f DeviceFrame
	if err := ParseDeviceFrame([]byte(frameSeeds[0]), &f); err != nil || f.Type != DeviceNotification || f.Notification == nil ||
		f.Notification.MsgID != "m1" || !bytes.HasPrefix(f.Notification.Payload, []byte(`{"noticeBarInfo"`)) {
		t.Errorf("ParseDeviceFrame = %+v, %v", f, err)
	}
}

func FuzzParseDeviceFrame(f *testing.F) {
	for _, s := range frameSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}

// checkParse checks ParseDeviceFrame against json.Unmarshal.
func checkParse(t *testing.T, data []byte) {
	t.Helper()
	var want, got DeviceFrame
	wantErr := json.Unmarshal(data, &want)
	gotErr := ParseDeviceFrame(data, &got)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%q: ParseDeviceFrame error %v, json.Unmarshal %v", data, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: ParseDeviceFrame = %+v, json.Unmarshal %+v", data, got, want)
	}
}

func TestAppendDeviceFrameMatchesEncodingJSON(t *testing.T) {
	frames := []DeviceFrame{
		{Type: DeviceAck, MsgID: "m1", Token: "tok"},
		{Type: DeviceAck},
		{},
		{Type: DeviceClicked, MsgID: "m\"<>&\\/\b\f\n\r\t\x00\x1f\x7f", Token: "é✓😀\u2028\u2029"},
		{Type: "x\xff\xfey\xe2\x80", MsgID: "\xed\xa0\x80"},
		{Type: DeviceRegister, Seq: 7, Register: &RegisterRequest{AppID: "1", AppKey: "k", Package: "p", DeviceID: "d", Brand: "meizu", ROM: "flyme", Android: -3}},
		{Type: DeviceRegister, Seq: 18446744073709551615, Register: &RegisterRequest{}},
		{Type: DeviceRegisterStatus, Seq: 1, Status: &RegisterStatus{Code: "200", Message: "ok", Token: "t"}},
		{Type: DeviceRegisterStatus, Status: &RegisterStatus{}},
		{Type: DeviceNotification, Notification: &DeviceNotice{MsgID: "m", Token: "t", Package: "p", Payload: json.RawMessage(`{"a":[1,"<b>"]}`)}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage(` {"a" : 1} `)}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage("\"\u2028\"")}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage(`{"a":"é"}`)}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage("\"\xff\"")}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage(`{`)}},
		{Type: DeviceNotification, Notification: &DeviceNotice{Payload: json.RawMessage{}}},
		{Type: DeviceNotification, Notification: &DeviceNotice{}},
		{Type: "all", Seq: 1, Register: &RegisterRequest{AppID: "a"}, Status: &RegisterStatus{Code: "c"},
			Notification: &DeviceNotice{MsgID: "m", Payload: json.RawMessage(`1`)}, MsgID: "m", Token: "t"},
	}
	for _, f := range frames {
		checkAppend(t, f)
	}
}

func FuzzAppendDeviceFrame(f *testing.F) {
	f.Add("ack", uint64(0), "m1", "tok", "", "", []byte(nil), byte(0))
	f.Add("notification", uint64(0), "", "", "m\u2028<", "é", []byte(`{"a":[1,"x"]}`), byte(4))
	f.Add("register", uint64(9), "", "", "1", "\xff", []byte(nil), byte(1))
	f.Add("register_status", uint64(9), "", "", "200", "t", []byte(nil), byte(2))
	f.Add("x", uint64(1), "a", "b", "c", "d", []byte(` [ 1 ] `), byte(7))
	f.Add("notification", uint64(0), "m", "t", "m", "t", []byte(`{"title":"hi there","q":"a\" b","r":"c\\"}`), byte(4))
	f.Add("notification", uint64(0), "m", "t", "m", "t", []byte(`{"r":"c\\", "s":1}`), byte(4))
	f.Fuzz(func(t *testing.T, typ string, seq uint64, msgID, token, s1, s2 string, payload []byte, parts byte) {
		fr := DeviceFrame{Type: typ, Seq: seq, MsgID: msgID, Token: token}
		if parts&1 != 0 {
			fr.Register = &RegisterRequest{AppID: s1, AppKey: s2, Package: typ, DeviceID: msgID, Brand: token, ROM: s1, Android: int(int32(seq))}
		}
		if parts&2 != 0 {
			fr.Status = &RegisterStatus{Code: s1, Message: s2, Token: token}
		}
		if parts&4 != 0 {
			fr.Notification = &DeviceNotice{MsgID: s1, Token: s2, Package: token, Payload: payload}
			if parts&8 != 0 {
				fr.Notification.Payload = nil
			}
		}
		checkAppend(t, fr)
	})
}

// checkAppend checks AppendDeviceFrame against json.Marshal, appending
// to a buffer that holds something already.
func checkAppend(t *testing.T, f DeviceFrame) {
	t.Helper()
	want, wantErr := json.Marshal(&f)
	prefix := []byte("prefix")
	got, gotErr := AppendDeviceFrame(prefix, &f)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%+v: AppendDeviceFrame error %v, json.Marshal %v", f, gotErr, wantErr)
	}
	if wantErr != nil {
		if string(got) != "prefix" {
			t.Fatalf("%+v: AppendDeviceFrame failed with %q appended", f, got)
		}
		return
	}
	if !bytes.Equal(got, append([]byte("prefix"), want...)) {
		t.Fatalf("%+v:\nAppendDeviceFrame %s\njson.Marshal            %s", f, got, want)
	}
}

func BenchmarkAppendAck(b *testing.B) {
	f := DeviceFrame{Type: DeviceAck, MsgID: "m123456", Token: "tok-abcdef"}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = AppendDeviceFrame(buf[:0], &f)
	}
}

func BenchmarkMarshalAck(b *testing.B) {
	f := DeviceFrame{Type: DeviceAck, MsgID: "m123456", Token: "tok-abcdef"}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = json.Marshal(&f)
	}
}

func BenchmarkParseNotification(b *testing.B) {
	data := []byte(frameSeeds[0])
	b.ReportAllocs()
	for b.Loop() {
		var f DeviceFrame
		_ = ParseDeviceFrame(data, &f)
	}
}

func BenchmarkUnmarshalNotification(b *testing.B) {
	data := []byte(frameSeeds[0])
	b.ReportAllocs()
	for b.Loop() {
		var f DeviceFrame
		_ = json.Unmarshal(data, &f)
	}
}

// Every field of a frame, the ones added after the codec was written
// too, goes through AppendDeviceFrame and ParseDeviceFrame as through
// encoding/json.
func TestDeviceFrameCodecKnowsEveryField(t *testing.T) {
	var f DeviceFrame
	if err := fieldfill.Fill(&f, nil); err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(&f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := AppendDeviceFrame(nil, &f)
	if err != nil || string(got) != string(want) {
		t.Fatalf("AppendDeviceFrame of a frame with every field set =\n%s, %v\nwant json.Marshal's\n%s", got, err, want)
	}
	var parsed, decoded DeviceFrame
	if err := ParseDeviceFrame(want, &parsed); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &decoded); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, decoded) {
		t.Fatalf("ParseDeviceFrame(%s) =\n%+v\nwant json.Unmarshal's\n%+v", want, parsed, decoded)
	}
}

// FuzzAppendJSONString checks AppendJSONString against json.Marshal.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "200", "plain text", `"q"`, `a\b`, "<&>", "\u2028\u2029", "\x00\x1f\x7f", "\xff\xfe", "参数错误"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("AppendJSONString(%q) = %s, want x%s", s, got, want)
		}
	})
}
