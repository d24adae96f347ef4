package meizu

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// FuzzParametersUnmarshal checks UnmarshalJSON against decoding with the
// Decoder alone, what it replaces: the same parameters or the same
// error, for any text.
func FuzzParametersUnmarshal(f *testing.F) {
	for _, s := range []string{
		`{"ext":"{\"conv\":\"c2c_bob\"}"}`, `{"a":"x","n":1.50,"m":-0,"e":1e3}`, ` {"a" : "b" , "a":"c"} `, `{"a":{"b":1}}`, `{"a":[1]}`,
		`{"a":true}`, `{"a":null}`, `{}`, `null`, `"{\"k\":1}"`, `{"a":"\u00e9\ud800"}`, `{"a":"` + "\xff" + `"}`, `{"a":1} x`, `{`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		trimmed := bytes.TrimSpace(b)
		if string(trimmed) == "null" {
			return // nil parameters, before either
		}
		var got, want Parameters
		gotErr := got.UnmarshalJSON(b)
		wantErr := want.decode(trimmed)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("UnmarshalJSON(%q) = %#v, %v; the Decoder gives %#v, %v", b, got, gotErr, want, wantErr)
		}
	})
}
