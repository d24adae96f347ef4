package format_test

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/scenarios/format"
)

// TestSchemaMatchesParser checks the schema names every action, reason
// and top-level key the parser accepts.
func TestSchemaMatchesParser(t *testing.T) {
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]struct {
				Properties map[string]struct {
					Enum []any `json:"enum"`
				} `json:"properties"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(format.Schema, &s); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	var top []string
	for k := range s.Properties {
		top = append(top, k)
	}
	sort.Strings(top)
	if want := []string{"devices", "im", "labels", "name", "seed", "steps", "users", "vendors"}; !equal(top, want) {
		t.Errorf("top-level keys %v, want %v", top, want)
	}
	steps := s.Defs["step"].Properties
	for _, a := range format.Actions {
		if _, ok := steps[a]; !ok {
			t.Errorf("the schema lacks action %q", a)
		}
	}
	if len(steps) != len(format.Actions) {
		t.Errorf("the schema has %d actions, the parser %d", len(steps), len(format.Actions))
	}
	reasons := steps["expect_no_notification"].Properties["reason"].Enum
	if len(reasons) != len(protocol.Reasons) {
		t.Errorf("the schema lists %d reasons, protocol %d", len(reasons), len(protocol.Reasons))
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
