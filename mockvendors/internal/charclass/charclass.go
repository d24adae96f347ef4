// Package charclass matches strings against ASCII character classes, the
// `^[0-9A-Za-z]{16,64}$` kind of pattern the vendor mocks check tokens and
// IDs with, by a table lookup per byte instead of a regexp machine.
//
// A class holds ASCII bytes only, so a string with any byte of a
// multi-byte UTF-8 sequence is never in it, exactly as such a regexp
// rejects any non-ASCII rune; a byte count then equals the rune count the
// regexp's repetition bounds count.
package charclass

// Set is a set of ASCII bytes.
type Set struct{ in [256]bool }

// New returns the set spec describes as the inside of a regexp bracket
// expression does, without escapes: single bytes and ranges "a-z"; a '-'
// first or last stands for itself. It panics on a non-ASCII byte or a
// reversed range, as regexp.MustCompile panics on a bad pattern.
func New(spec string) *Set {
	s := &Set{}
	for i := 0; i < len(spec); i++ {
		lo, hi := spec[i], spec[i]
		if i+2 < len(spec) && spec[i+1] == '-' {
			hi = spec[i+2]
			i += 2
		}
		if hi >= 0x80 || lo > hi {
			panic("charclass: bad spec " + spec)
		}
		for b := int(lo); b <= int(hi); b++ {
			s.in[b] = true
		}
	}
	return s
}

// Has reports whether b is in the set.
func (s *Set) Has(b byte) bool { return s.in[b] }

// All reports whether every byte of str is in the set (true for "").
func (s *Set) All(str string) bool {
	for i := 0; i < len(str); i++ {
		if !s.in[str[i]] {
			return false
		}
	}
	return true
}

// Run reports whether str is min to max bytes of the set, as
// `^[set]{min,max}$` does; a negative max is no upper bound (`{min,}`).
func (s *Set) Run(str string, min, max int) bool {
	return len(str) >= min && (max < 0 || len(str) <= max) && s.All(str)
}
