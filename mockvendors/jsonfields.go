package mockvendors

import (
	"encoding/json"

	"github.com/pushsim/pushsim/protocol"
)

// JSONFields reads the common shape of a vendor's JSON body into a
// struct by hand, on top of protocol.JSONReader: objects whose members
// are known names, each once, with plain keys and no null. Each method
// reports false on input it does not take, and the caller then leaves
// the whole body to encoding/json, so that what it decodes it decodes as
// json.Unmarshal would into a zero struct.
type JSONFields struct {
	r protocol.JSONReader
}

// NewJSONFields reads b.
func NewJSONFields(b []byte) JSONFields { return JSONFields{r: protocol.NewJSONReader(b)} }

// Object reads an object whose members are among names (at most 64),
// each at most once, calling member with the index of each one's name
// to read its value. Any other name, which encoding/json might still
// match to a field ignoring case, makes it report false.
func (d *JSONFields) Object(names []string, member func(i int) bool) bool {
	return d.r.Object(names, member)
}

// Value reads any valid value but null and returns its text, a slice of
// the input.
func (d *JSONFields) Value() ([]byte, bool) {
	v, ok := d.r.Value()
	return v, ok && string(v) != "null"
}

// String reads a string into dst.
func (d *JSONFields) String(dst *string) bool {
	v, ok := d.r.Value()
	if !ok || v[0] != '"' {
		return false
	}
	*dst = protocol.JSONStringContent(v)
	return true
}

// Bool reads true or false into dst.
func (d *JSONFields) Bool(dst *bool) bool {
	v, ok := d.r.Value()
	switch {
	case !ok:
		return false
	case string(v) == "true":
		*dst = true
	case string(v) == "false":
		*dst = false
	default:
		return false
	}
	return true
}

// Unmarshal reads a value but null that u's UnmarshalJSON takes without
// error.
func (d *JSONFields) Unmarshal(u json.Unmarshaler) bool {
	v, ok := d.Value()
	return ok && u.UnmarshalJSON(v) == nil
}

// Field reads the value of a field of the type dst points to: *string,
// *bool, **bool (a new bool), *[]string, *map[string]string or a
// json.Unmarshaler. It reports false for a dst of any other type.
func (d *JSONFields) Field(dst any) bool {
	switch p := dst.(type) {
	case *string:
		return d.String(p)
	case *bool:
		return d.Bool(p)
	case **bool:
		*p = new(bool)
		return d.Bool(*p)
	case *[]string:
		return d.StringList(p)
	case *map[string]string:
		return d.StringMap(p)
	case json.Unmarshaler:
		return d.Unmarshal(p)
	}
	return false
}

// StringMap reads an object of strings with plain keys, each once, into
// a new map (empty, not nil, for {}).
func (d *JSONFields) StringMap(dst *map[string]string) bool {
	if !d.r.Open() {
		return false
	}
	m := make(map[string]string, 4)
	*dst = m
	for first := true; ; first = false {
		key, done, ok := d.r.Member(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		if _, dup := m[string(key)]; dup {
			return false
		}
		var s string
		if !d.String(&s) {
			return false
		}
		m[string(key)] = s
	}
}

// StringList reads an array of strings into a new slice (empty, not
// nil, for []).
func (d *JSONFields) StringList(dst *[]string) bool {
	v, ok := d.r.Value()
	if !ok || v[0] != '[' {
		return false
	}
	list := []string{}
	// v is a valid array: elements, commas and whitespace up to ']'.
	for i := 1; ; {
		i = skipSpace(v, i)
		switch v[i] {
		case ']':
			*dst = list
			return true
		case ',':
			i++
			continue
		case '"':
		default:
			return false
		}
		end := stringEnd(v, i)
		list = append(list, protocol.JSONStringContent(v[i:end]))
		i = end
	}
}

// skipSpace returns the index of the first byte of b at or after i that
// is not JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the valid JSON string that starts
// at b[i].
func stringEnd(b []byte, i int) int {
	for i++; b[i] != '"'; i++ {
		if b[i] == '\\' {
			i++
		}
	}
	return i + 1
}

// End reports whether only whitespace remains.
func (d *JSONFields) End() bool { return d.r.End() }

// FlatObject decodes b, a JSON object whose keys are plain and each once
// and whose values are strings or numbers, as a Decoder with UseNumber
// decodes it into a map[string]any: strings as strings, numbers as
// json.Number of their text (an empty map, not nil, for {}). ok is false
// for any other b.
func FlatObject(b []byte) (m map[string]any, ok bool) {
	r := protocol.NewJSONReader(b)
	if !r.Open() {
		return nil, false
	}
	m = make(map[string]any, 4)
	for first := true; ; first = false {
		key, done, ok := r.Member(first)
		if !ok {
			return nil, false
		}
		if done {
			break
		}
		v, ok := r.Value()
		if !ok {
			return nil, false
		}
		if _, dup := m[string(key)]; dup {
			return nil, false
		}
		switch {
		case v[0] == '"':
			m[string(key)] = protocol.JSONStringContent(v)
		case v[0] == '-' || '0' <= v[0] && v[0] <= '9':
			m[string(key)] = json.Number(v)
		default:
			return nil, false
		}
	}
	return m, r.End()
}
