package xiaomi

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/internal/fieldfill"
)

// The hand-written encoders write every field of what they encode, those
// added after they were written too, as json.Marshal does.
func TestHandEncodersKnowEveryField(t *testing.T) {
	same := func(what string, got []byte, v any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s by hand =\n%s\nwant json.Marshal's\n%s", what, got, want)
		}
	}
	var d DeviceMessage
	if err := fieldfill.Fill(&d, nil); err != nil {
		t.Fatal(err)
	}
	same("a device message", d.appendJSON(nil), d)

	var s SendData
	if err := fieldfill.Fill(&s, nil); err != nil {
		t.Fatal(err)
	}
	same("send data", s.appendJSON(nil), s)

	var r Response
	if err := fieldfill.Fill(&r, func(p string) bool { return p == "Response.Data" }); err != nil {
		t.Fatal(err)
	}
	r.Data = s.appendJSON(nil)
	b, ok := r.appendJSON(nil)
	if !ok {
		t.Fatal("a response with send data was left to json.Marshal")
	}
	same("a response", b, r)
}
