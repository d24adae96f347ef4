package mockvendors_test

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// TestWriteJSONAsEncoder checks WriteJSON and WriteIndentedJSON against
// the json.Encoder answers they replace, on values whose encoding has
// corners: HTML characters, line separators, invalid UTF-8, raw JSON,
// sorted map keys, omitted fields and values that cannot be encoded.
func TestWriteJSONAsEncoder(t *testing.T) {
	type answer struct {
		Code    string            `json:"code"`
		Msg     string            `json:"msg,omitempty"`
		N       int               `json:"n"`
		Value   any               `json:"value"`
		Raw     json.RawMessage   `json:"raw,omitempty"`
		Extras  map[string]string `json:"extras,omitempty"`
		private string
	}
	values := []any{
		answer{Code: "80000000", Msg: "Success", N: 1, Value: "", private: "never encoded"},
		answer{Code: "<b>&</b>", Msg: "\u2028\u2029 \x00 \xff\xfe é", Value: map[string]any{"z": 1.5, "a": []int{1, 2}}, Raw: json.RawMessage(`{"k" : [1, 2]}`)},
		answer{Extras: map[string]string{"b": "2", "a": "1"}, Value: nil},
		map[string]any{"list": []any{}, "empty": map[string]any{}, "nil": nil},
		"a string", 42, nil,
		answer{Value: math.Inf(1)},    // cannot be encoded
		answer{Value: make(chan int)}, // cannot be encoded
	}
	for _, v := range values {
		for _, indent := range []string{"", "  "} {
			got := httptest.NewRecorder()
			if indent == "" {
				mockvendors.WriteJSON(got, http.StatusAccepted, "application/json;charset=UTF-8", v)
			} else {
				mockvendors.WriteIndentedJSON(got, http.StatusAccepted, "application/json;charset=UTF-8", indent, v)
			}
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", indent)
			_ = enc.Encode(v)
			if got.Code != http.StatusAccepted || got.Header().Get("Content-Type") != "application/json;charset=UTF-8" || got.Body.String() != want.String() {
				t.Errorf("%#v indent %q: %d %q %q, the Encoder writes %q", v, indent, got.Code, got.Header().Get("Content-Type"), got.Body, want.String())
			}
		}
	}
}

// FuzzAppendRawJSON checks AppendRawJSON against json.Marshal of a
// json.RawMessage, whenever it takes the text.
func FuzzAppendRawJSON(f *testing.F) {
	for _, s := range []string{`{"id":"abc","day_quota":"10"}`, `{}`, `""`, `[1,2.50,-0,1e3,true,null]`, `{"a" : 1}`, `{"a":"<"}`, `{"a":"\u00e9"}`, `{`, `1 2`, `{"a":1,"a":2}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := mockvendors.AppendRawJSON([]byte("x"), []byte(s))
		if !ok {
			if string(got) != "x" {
				t.Fatalf("AppendRawJSON(%q) refused it but appended %q", s, got)
			}
			return
		}
		want, err := json.Marshal(json.RawMessage(s))
		if err != nil || string(got) != "x"+string(want) {
			t.Fatalf("AppendRawJSON(%q) = %q, json.Marshal writes %q, %v", s, got, want, err)
		}
	})
}
