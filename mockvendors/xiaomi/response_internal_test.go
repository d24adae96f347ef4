package xiaomi

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// FuzzWriteResponse checks writeResponse against the mockvendors.WriteJSON
// answer it replaces, and SendData's encoding against json.Marshal, on
// arbitrary strings and Data.
func FuzzWriteResponse(f *testing.F) {
	f.Add("ok", "Xlm12", 0, "Succeed", "Received push messages for 1 REGID", "", "id1", "", "", `{"list":["a"]}`)
	f.Add("error", "", 21301, "<&>", "\u2028\xff", "r", "", "10", "1", `{"a" : 1}`)
	f.Add("", "\"\\", -1, "", "", "", "", "", "", `{`)
	f.Fuzz(func(t *testing.T, result, traceID string, code int, description, info, reason, id, quota, acked, raw string) {
		d := SendData{ID: id, DayQuota: quota, DayAcked: acked}
		want, err := json.Marshal(d)
		if err != nil || string(d.appendJSON([]byte("x"))) != "x"+string(want) {
			t.Fatalf("SendData %+v encodes as %s, json.Marshal as %s", d, d.appendJSON([]byte("x")), want)
		}
		for _, data := range []json.RawMessage{nil, {}, want, json.RawMessage(raw)} {
			r := Response{Result: result, TraceID: traceID, Code: code, Description: description, Info: info, Reason: reason, Data: data}
			got, exp := httptest.NewRecorder(), httptest.NewRecorder()
			writeResponse(got, r)
			mockvendors.WriteJSON(exp, 200, "application/json;charset=UTF-8", r)
			if got.Code != exp.Code || got.Body.String() != exp.Body.String() || got.Header().Get("Content-Type") != exp.Header().Get("Content-Type") {
				t.Fatalf("writeResponse(%+v) = %d %q, want %d %q", r, got.Code, got.Body, exp.Code, exp.Body)
			}
		}
	})
}

// FuzzDeviceMessagePayload checks a DeviceMessage's payload against
// json.Marshal, with and without the optional fields and extras.
func FuzzDeviceMessagePayload(f *testing.F) {
	f.Add("scm1", "hi", "Bob", "hi there", "a", "notify_effect", "1", 1, -1, 0, true)
	f.Add("", "<&>", "\u2028", "\xff", "", "", "", 0, 0, 1<<40, false)
	f.Fuzz(func(t *testing.T, id, content, title, description, name, key, value string, typ, notifyType, notifyID int, extras bool) {
		d := DeviceMessage{MessageID: id, MessageType: typ, Content: content, Alias: name, Topic: key, UserAccount: value,
			PassThrough: typ, NotifyType: notifyType, NotifyID: notifyID, Title: title, Description: description}
		if extras {
			d.Extra = map[string]string{key: value, "channel_id": name, "": title}
		}
		want, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.payload(); string(got) != string(want) {
			t.Fatalf("payload of %+v = %s, want %s", d, got, want)
		}
	})
}

// FuzzDecodeResponse checks decodeResponse and Send against
// json.Unmarshal, on answers in the mock's own shape built from
// arbitrary strings and on arbitrary text.
func FuzzDecodeResponse(f *testing.F) {
	f.Add("ok", "Xcm1", 0, "成功", "Received push messages for 1 REGID", "", "scm1", "", "", `{"list":["a"]}`)
	f.Add("error", "", -21301, "<&>", "\u2028\xff", "r", "", "10", "1", `{"code":01}`)
	f.Add("", "\"\\", 7, "", "", "", "", "", "", ` {"result":"ok"} `)
	f.Fuzz(func(t *testing.T, result, traceID string, code int, description, info, reason, id, quota, acked, raw string) {
		d := SendData{ID: id, DayQuota: quota, DayAcked: acked}
		for _, text := range []string{raw, string(d.appendJSON(nil))} {
			if got, ok := scanSendData(text); ok {
				var want SendData
				if err := json.Unmarshal([]byte(text), &want); err != nil || got != want {
					t.Fatalf("scanSendData(%q) = %+v, json.Unmarshal reads %+v, %v", text, got, want, err)
				}
			}
		}
		for _, data := range []json.RawMessage{nil, d.appendJSON(nil), json.RawMessage(raw)} {
			shaped, ok := Response{Result: result, TraceID: traceID, Code: code, Description: description, Info: info, Reason: reason, Data: data}.appendJSON(nil)
			if !ok {
				shaped = []byte(raw)
			}
			for _, b := range [][]byte{shaped, append(shaped, '\n'), []byte(raw)} {
				got, gotErr := decodeResponse(b)
				var want Response
				wantErr := json.Unmarshal(b, &want)
				if (gotErr == nil) != (wantErr == nil) {
					t.Fatalf("decodeResponse(%q) error %v, json.Unmarshal's %v", b, gotErr, wantErr)
				}
				if wantErr != nil {
					continue
				}
				if got.Result != want.Result || got.TraceID != want.TraceID || got.Code != want.Code || got.Description != want.Description ||
					got.Info != want.Info || got.Reason != want.Reason || string(got.Data) != string(want.Data) {
					t.Fatalf("decodeResponse(%q) = %+v, json.Unmarshal reads %+v", b, got, want)
				}
				var wantSend SendData
				_ = json.Unmarshal(want.Data, &wantSend)
				if got.Send() != wantSend {
					t.Fatalf("Send of %q = %+v, json.Unmarshal reads %+v", got.Data, got.Send(), wantSend)
				}
			}
		}
	})
}
