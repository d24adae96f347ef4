package charclass

import (
	"regexp"
	"strings"
	"testing"
)

// cases pair a set and bounds with the regexp they stand for.
var cases = []struct {
	spec     string
	min, max int
	re       string
}{
	{"0-9A-Za-z", 23, 23, `^[0-9A-Za-z]{23}$`},
	{"0-9A-Za-z_+/=:.-", 16, 512, `^[0-9A-Za-z_\-+/=:.]{16,512}$`},
	{"-A-Za-z0-9._", 1, 255, `^[A-Za-z0-9.\-_]{1,255}$`},
	{"0-9a-fA-F", 64, 64, `^[0-9a-fA-F]{64}$`},
	{"A-Za-z0-9_:-", 1, -1, `^[A-Za-z0-9_:\-]+$`},
}

func TestRunMatchesRegexp(t *testing.T) {
	inputs := []string{"", "a", "-", "_", "ab:c", "é", "abcé", "a\n", "\x00", "\xff", " "}
	for n := range 70 {
		inputs = append(inputs, strings.Repeat("a", n), strings.Repeat("Z9", n/2)+"é", strings.Repeat("0", n)+"\n", strings.Repeat("-", n))
	}
	for _, c := range cases {
		s, re := New(c.spec), regexp.MustCompile(c.re)
		for _, in := range inputs {
			if got, want := s.Run(in, c.min, c.max), re.MatchString(in); got != want {
				t.Errorf("%q Run(%q) = %v, %s says %v", c.spec, in, got, c.re, want)
			}
		}
	}
}

func FuzzRunMatchesRegexp(f *testing.F) {
	for _, in := range []string{"", "abc", "0123456789abcdef0123", "a-b_c", "é"} {
		f.Add(in)
	}
	sets := make([]*Set, len(cases))
	res := make([]*regexp.Regexp, len(cases))
	for i, c := range cases {
		sets[i], res[i] = New(c.spec), regexp.MustCompile(c.re)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for i, c := range cases {
			if got, want := sets[i].Run(in, c.min, c.max), res[i].MatchString(in); got != want {
				t.Fatalf("%q Run(%q) = %v, %s says %v", c.spec, in, got, c.re, want)
			}
		}
	})
}

func TestNewPanicsOnBadSpec(t *testing.T) {
	for _, spec := range []string{"z-a", "é"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%q) did not panic", spec)
				}
			}()
			New(spec)
		}()
	}
}
