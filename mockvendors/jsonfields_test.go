package mockvendors_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// fieldsProbe is what TestJSONFields reads, by hand and by encoding/json.
type fieldsProbe struct {
	S string            `json:"s"`
	B bool              `json:"b"`
	M map[string]string `json:"m"`
	L []string          `json:"l"`
}

// readProbe reads b into p with JSONFields.
func readProbe(b []byte, p *fieldsProbe) bool {
	d := mockvendors.NewJSONFields(b)
	ok := d.Object([]string{"s", "b", "m", "l"}, func(i int) bool {
		switch i {
		case 0:
			return d.String(&p.S)
		case 1:
			return d.Bool(&p.B)
		case 2:
			return d.StringMap(&p.M)
		}
		return d.StringList(&p.L)
	})
	return ok && d.End()
}

// TestJSONFields checks which texts JSONFields takes, and that it reads
// those as json.Unmarshal does.
func TestJSONFields(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{`{}`, true},
		{` { "s" : "a\"\u00e9" , "b" : true , "m" : { "k" : "v" } } `, true},
		{`{"b":false,"m":{}}`, true},
		{`{"l":[]}`, true},
		{`{"l":[ "a" , "b\"\\" ,"\u00e9"] }`, true},
		{`{"l":["a",1]}`, false},
		{`{"l":["a",null]}`, false},
		{`{"l":"a"}`, false},
		{`{"l":["a",]}`, false},
		{"{\"s\":\"\xff\"}", true},
		{`{"s":"a","s":"b"}`, false},
		{`{"m":{"k":"1","k":"2"}}`, false},
		{`{"m":{"k":1}}`, false},
		{`{"s":null}`, false},
		{`{"S":"a"}`, false},
		{`{"x":1}`, false},
		{`{"s":1}`, false},
		{`{"b":"true"}`, false},
		{`{"s":"a"} x`, false},
		{`{"s":"a",}`, false},
		{`[]`, false},
		{``, false},
	} {
		var got fieldsProbe
		if ok := readProbe([]byte(c.in), &got); ok != c.ok {
			t.Errorf("read %q: ok %v, want %v", c.in, ok, c.ok)
			continue
		}
		if !c.ok {
			continue
		}
		var want fieldsProbe
		if err := json.Unmarshal([]byte(c.in), &want); err != nil {
			t.Fatalf("json.Unmarshal(%q): %v", c.in, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read %q = %#v, json.Unmarshal gives %#v", c.in, got, want)
		}
	}
}

// FuzzJSONFields checks that whatever JSONFields takes, json.Unmarshal
// decodes alike.
func FuzzJSONFields(f *testing.F) {
	for _, s := range []string{`{}`, `{"s":"a\n","b":true,"m":{"k":"v","l":"\ud800"}}`, `{"m":{}}`, `{"s":"é"}`, `{"l":["a","\\\"",""]}`, `{"l":[]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got fieldsProbe
		if !readProbe([]byte(s), &got) {
			return
		}
		var want fieldsProbe
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("JSONFields takes %q, json.Unmarshal refuses it: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read %q = %#v, json.Unmarshal gives %#v", s, got, want)
		}
	})
}

// FuzzFlatObject checks that whatever FlatObject takes, a Decoder with
// UseNumber decodes alike into a map[string]any.
func FuzzFlatObject(f *testing.F) {
	for _, s := range []string{`{}`, ` {"a":"x","n":1.50,"m":-0,"e":1e3} `, `{"a":"b","a":"c"}`, `{"a":{"b":1}}`, `{"a":"\u00e9\ud800"}`, `{"a":1} x`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := mockvendors.FlatObject([]byte(s))
		if !ok {
			return
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var want map[string]any
		if err := dec.Decode(&want); err != nil || dec.More() {
			t.Fatalf("FlatObject takes %q, the Decoder refuses it: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("FlatObject(%q) = %#v, the Decoder gives %#v", s, got, want)
		}
	})
}
