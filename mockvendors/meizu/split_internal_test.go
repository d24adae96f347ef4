package meizu

import (
	"slices"
	"strings"
	"testing"
)

// splitBySplitting is splitList without its one-item shortcut.
func splitBySplitting(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" && !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return out
}

func TestSplitList(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a,b", "a,,a", ",", " , b", "a:::b", ":::", "\u3000x\t"} {
		{
			if got, want := splitList(s), splitBySplitting(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("splitList(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
