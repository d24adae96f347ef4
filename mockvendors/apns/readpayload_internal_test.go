package apns

import (
	"fmt"
	"reflect"
	"testing"
)

// payloadCases are payloads for readPayload: the common shape and every
// way out of it.
var payloadCases = []struct {
	name string
	in   string
	hand bool // readPayload reads it itself
}{
	{"empty", `{}`, true},
	{"alert dictionary", `{"aps":{"alert":{"title":"Bob","subtitle":"s","body":"hi"},"sound":"default","mutable-content":1},"ext":"{\"k\":1}"}`, true},
	{"alert string", `{"aps":{"alert":"hi \"you\" \u00e9"}}`, true},
	{"silent", `{"aps":{"content-available":1},"n":1.50,"o":{"a": [1, 2]}}`, true},
	{"content-available not 1", `{"aps":{"content-available":"1"}}`, true},
	{"whitespace", " { \"aps\" : { \"alert\" : { \"body\" : \"a b\" } } , \"x\" : [ 1 ] } ", true},
	{"unicode", `{"aps":{"alert":{"title":"鲍勃","body":"你好 😀"}}}`, true},
	{"invalid utf-8", "{\"aps\":{\"alert\":\"\xff\"}}", true},
	{"no aps", `{"a":"b"}`, true},
	{"aps not an object", `{"aps":"x"}`, false},
	{"alert null", `{"aps":{"alert":null}}`, false},
	{"alert number", `{"aps":{"alert":1}}`, false},
	{"alert other field", `{"aps":{"alert":{"title":"t","loc-key":"k"}}}`, false},
	{"alert bad field", `{"aps":{"alert":{"title":1}}}`, false},
	{"alert other case", `{"aps":{"Alert":"x"}}`, false},
	{"alert field other case", `{"aps":{"alert":{"Title":"x"}}}`, false},
	{"non-ASCII aps key", `{"aps":{"ſound":"x"}}`, false},
	{"duplicate alert", `{"aps":{"alert":"a","alert":"b"}}`, false},
	{"duplicate aps", `{"aps":{},"aps":{"alert":"b"}}`, false},
	{"duplicate custom", `{"a":1,"a":2}`, false},
	{"null custom", `{"a":null}`, false},
	{"escaped key", `{"\u0061ps":{"alert":"x"}}`, false},
	{"trailing data", `{} {}`, false},
	{"array", `[]`, false},
	{"null", `null`, false},
	{"blank", ``, false},
}

// TestReadPayload checks which payloads readPayload takes and that
// ReadPayload gives what readPayloadJSON gives for each.
func TestReadPayload(t *testing.T) {
	for _, c := range payloadCases {
		t.Run(c.name, func(t *testing.T) {
			if _, got := readPayload([]byte(c.in)); got != c.hand {
				t.Errorf("readPayload(%q) ok = %v, want %v", c.in, got, c.hand)
			}
			checkReadPayload(t, c.in)
		})
	}
}

// FuzzReadPayloadHand checks ReadPayload, which reads the common shape
// by hand, against readPayloadJSON, the encoding/json reader it
// replaces: the same notice or the same error.
func FuzzReadPayloadHand(f *testing.F) {
	for _, c := range payloadCases {
		f.Add(c.in)
	}
	f.Fuzz(checkReadPayload)
}

func checkReadPayload(t *testing.T, s string) {
	got, gotErr := ReadPayload([]byte(s))
	want, wantErr := readPayloadJSON([]byte(s))
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("ReadPayload(%q) = %#v, %v; readPayloadJSON gives %#v, %v", s, got, gotErr, want, wantErr)
	}
}
