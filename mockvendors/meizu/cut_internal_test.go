package meizu

import "testing"

// TestCut checks cut against cutting []rune(s), what it replaces, on
// short, exact, long, multi-byte and invalid UTF-8 text.
func TestCut(t *testing.T) {
	for _, s := range []string{"", "abc", "abcd", "abcde", "héllo", "日本語の", "\xff\xfe\xfd\xfc", "ab\xffcd", "a\xe6\x97"} {
		for n := range 6 {
			want := s
			if r := []rune(s); len(r) > n {
				want = string(r[:n])
			}
			if got := cut(s, n); got != want {
				t.Errorf("cut(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}
