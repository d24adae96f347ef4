package mockvendors_test

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// FuzzCutJSONMember checks that the string CutJSONMember reads is the
// one json.Unmarshal reads from the same text.
func FuzzCutJSONMember(f *testing.F) {
	for _, s := range []string{`"200","x"`, `"成功"}`, `"a\"b"`, "\"\xff\"", "\"\x01\"", `"`, `""`, `x"a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		value, rest, ok := mockvendors.CutJSONMember(`{"k":`+s, `{"k":`)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal([]byte(s[:len(s)-len(rest)]), &want); err != nil || want != value {
			t.Fatalf("CutJSONMember(%q) = %q, json.Unmarshal reads %q, %v", s, value, want, err)
		}
	})
}
