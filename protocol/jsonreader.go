package protocol

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// JSONReader reads JSON for hand-written decoders of the common shapes of
// a message: objects with plain keys, plain strings, unsigned integers and
// raw values. Each method reports false on anything it does not take, such
// as a string with escapes, and the caller leaves that input to
// encoding/json, so that a decoder built on it accepts only input
// encoding/json accepts, and decodes it alike.
type JSONReader struct {
	b []byte
	i int
}

// NewJSONReader reads b.
func NewJSONReader(b []byte) JSONReader { return JSONReader{b: b} }

// Open reads the '{' that starts an object.
func (p *JSONReader) Open() bool {
	p.space()
	return p.consume('{')
}

// Member reads up to the value of an object's next member, whose key is
// a plain string (Plain), or reports done at the object's end; first says
// whether it is the object's first.
func (p *JSONReader) Member(first bool) (key []byte, done, ok bool) {
	p.space()
	if p.consume('}') {
		return nil, true, true
	}
	if !first && !p.consume(',') {
		return nil, false, false
	}
	key, ok = p.Plain()
	if !ok {
		return nil, false, false
	}
	p.space()
	return key, false, p.consume(':')
}

// Object reads an object whose members are among names (at most 64),
// each at most once, calling member with the index of each one's name
// to read its value; it reports false on any other name, a repeated one,
// or a member that reports false.
func (p *JSONReader) Object(names []string, member func(i int) bool) bool {
	if !p.Open() {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := p.Member(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		i := nameIndex(names, key)
		if i < 0 || seen&(1<<i) != 0 || !member(i) {
			return false
		}
		seen |= 1 << i
	}
}

// nameIndex is the index of key in names, or -1.
func nameIndex(names []string, key []byte) int {
	for i, n := range names {
		if n == string(key) {
			return i
		}
	}
	return -1
}

func (p *JSONReader) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *JSONReader) consume(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// Plain reads a string without escapes or control characters, in valid
// UTF-8, so that its bytes are what it decodes to, and returns them.
func (p *JSONReader) Plain() ([]byte, bool) {
	p.space()
	if !p.consume('"') {
		return nil, false
	}
	start := p.i
	ascii := true
	for ; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// PlainString reads a plain string (Plain) as a string.
func (p *JSONReader) PlainString() (string, bool) {
	s, ok := p.Plain()
	return string(s), ok
}

// Uint reads an unsigned integer without fraction or exponent that fits
// in 19 digits.
func (p *JSONReader) Uint() (uint64, bool) {
	p.space()
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	digits := p.b[start:p.i]
	if len(digits) == 0 || len(digits) > 19 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	if p.i < len(p.b) {
		switch p.b[p.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	var n uint64
	for _, c := range digits {
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// maxDepth bounds the nesting of a payload read by hand; deeper ones are
// left to encoding/json and its own limit.
const maxDepth = 100

// Value reads any valid JSON value, checked as encoding/json checks it
// (up to maxDepth deep), and returns its bytes, a slice of the input.
func (p *JSONReader) Value() ([]byte, bool) {
	p.space()
	start := p.i
	ok := p.value(0)
	return p.b[start:p.i:p.i], ok
}

// End reports whether only whitespace remains.
func (p *JSONReader) End() bool {
	p.space()
	return p.i == len(p.b)
}

// value skips any valid JSON value.
func (p *JSONReader) value(depth int) bool {
	if depth > maxDepth || p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		p.space()
		if p.consume('}') {
			return true
		}
		for {
			p.space()
			if !p.skipString() {
				return false
			}
			p.space()
			if !p.consume(':') {
				return false
			}
			p.space()
			if !p.value(depth + 1) {
				return false
			}
			p.space()
			if p.consume('}') {
				return true
			}
			if !p.consume(',') {
				return false
			}
		}
	case c == '[':
		p.i++
		p.space()
		if p.consume(']') {
			return true
		}
		for {
			p.space()
			if !p.value(depth + 1) {
				return false
			}
			p.space()
			if p.consume(']') {
				return true
			}
			if !p.consume(',') {
				return false
			}
		}
	case c == '"':
		return p.skipString()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return false
}

func (p *JSONReader) literal(lit string) bool {
	if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
		p.i += len(lit)
		return true
	}
	return false
}

// skipString skips a string with any valid escapes.
func (p *JSONReader) skipString() bool {
	if !p.consume('"') {
		return false
	}
	for p.i < len(p.b) {
		c := p.b[p.i]
		p.i++
		switch {
		case c == '"':
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if p.i >= len(p.b) {
				return false
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(p.b)-p.i < 4 {
					return false
				}
				for _, h := range p.b[p.i : p.i+4] {
					if !isHex(h) {
						return false
					}
				}
				p.i += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number skips a number in JSON's grammar.
func (p *JSONReader) number() bool {
	p.consume('-')
	switch {
	case p.consume('0'):
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.digits()
	default:
		return false
	}
	if p.consume('.') {
		if !p.digits() {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if !p.consume('+') {
			p.consume('-')
		}
		if !p.digits() {
			return false
		}
	}
	return true
}

// digits skips one or more digits and reports whether there was one.
func (p *JSONReader) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// JSONStringContent is what v, a valid JSON string such as Value
// returns, decodes to: its bytes between the quotes when they hold no
// escape and are UTF-8, else what encoding/json makes of it.
func JSONStringContent(v []byte) string {
	inner := v[1 : len(v)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(v, &s) // a valid JSON string decodes
	return s
}
