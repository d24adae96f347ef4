package oppo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// FlexInt is an integer field that OPPO's callers send as a JSON number or
// a numeric string (form values become strings when a client rebuilds the
// JSON). Booleans read as 1 and 0. It marshals as a number.
type FlexInt int64

// Int returns a pointer to v, for optional FlexInt fields.
func Int(v int64) *FlexInt {
	f := FlexInt(v)
	return &f
}

// UnmarshalJSON accepts numbers, numeric strings, booleans and null (no
// change).
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	n, ok, err := mockvendors.ParseFlexInt(b, 64, true)
	if ok {
		*f = FlexInt(n)
	}
	return err
}

// value returns *p, or def when p is nil.
func (p *FlexInt) value(def int64) int64 {
	if p == nil {
		return def
	}
	return int64(*p)
}

// FlexBool is a flag sent as a JSON boolean, "true"/"false", or 0/1 (as a
// number or a string). It marshals as a boolean.
type FlexBool bool

// Bool returns a pointer to v, for optional FlexBool fields.
func Bool(v bool) *FlexBool {
	f := FlexBool(v)
	return &f
}

// UnmarshalJSON accepts the forms above and null (no change).
func (f *FlexBool) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		u, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("not a flag: %s", s)
		}
		s = strings.ToLower(strings.TrimSpace(u))
	}
	switch s {
	case "true", "1":
		*f = true
	case "false", "0":
		*f = false
	default:
		return fmt.Errorf("not a flag: %s", b)
	}
	return nil
}

// value returns *p, or def when p is nil.
func (p *FlexBool) value(def bool) bool {
	if p == nil {
		return def
	}
	return bool(*p)
}

// Parameters is action_parameters: a JSON object handed to the opened
// page or app, sent as a string holding the object (the API document) or
// as the object itself (the Java SDK). It marshals as the string, and
// keeps numbers' exact text.
type Parameters map[string]any

// UnmarshalJSON decodes an object, a string holding one, or null/"" (none).
func (p *Parameters) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*p = nil
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("action_parameters: %w", err)
		}
		if strings.TrimSpace(s) == "" {
			*p = nil
			return nil
		}
		b = []byte(s)
	}
	m, err := decodeObject(b)
	if err != nil {
		return fmt.Errorf("action_parameters must be a JSON object")
	}
	*p = m
	return nil
}

// MarshalJSON writes the object as a JSON string.
func (p Parameters) MarshalJSON() ([]byte, error) {
	text, err := p.text()
	if err != nil {
		return nil, err
	}
	return json.Marshal(text)
}

// text is the object's JSON text ("" when empty).
func (p Parameters) text() (string, error) {
	if len(p) == 0 {
		return "", nil
	}
	b, err := json.Marshal(map[string]any(p))
	return string(b), err
}

// Strings renders the values as strings: strings as they are, anything
// else as its JSON text. These become the opened Activity's extras.
func (p Parameters) Strings() map[string]string {
	return mockvendors.StringValues(p)
}

// decodeObject decodes exactly one JSON object, keeping numbers' text.
func decodeObject(b []byte) (map[string]any, error) {
	if m, ok := mockvendors.FlatObject(b); ok {
		return m, nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the object")
	}
	return m, nil
}

// snakeKeys renames camelCase keys (clickActionType) to the API's
// snake_case (click_action_type). A key given in both forms keeps the
// snake_case value; of two camelCase spellings of one key, the first in
// sorted order wins.
func snakeKeys(m map[string]json.RawMessage) map[string]json.RawMessage {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]json.RawMessage, len(m))
	for _, k := range keys {
		s := snake(k)
		if _, taken := out[s]; taken && s != k {
			continue
		}
		if _, both := m[s]; both && s != k {
			continue
		}
		out[s] = m[k]
	}
	return out
}

// allSnake reports whether no key of m has an upper-case letter, so
// snakeKeys would leave m as it is.
func allSnake(m map[string]json.RawMessage) bool {
	for k := range m {
		if strings.ContainsFunc(k, func(r rune) bool { return r >= 'A' && r <= 'Z' }) {
			return false
		}
	}
	return true
}

func snake(k string) string {
	var b strings.Builder
	for i, r := range k {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r + ('a' - 'A'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unmarshalLenient decodes a JSON object (or a string holding one) into v
// after renaming camelCase keys; what names the object in errors.
func unmarshalLenient(b []byte, v any, what string) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		b = bytes.TrimSpace([]byte(s))
	}
	// What every real client sends, an object whose keys are all in
	// snake_case, decodes at once; anything else, and any error, takes
	// the way below, which checks and answers as before.
	if snakeObject(b) && json.Unmarshal(b, v) == nil {
		return nil
	}
	return unmarshalRenamed(b, v, what)
}

// unmarshalRenamed is unmarshalLenient for the object's text b: checked
// to be one object, its camelCase keys renamed, then decoded into v.
func unmarshalRenamed(b []byte, v any, what string) error {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return fmt.Errorf("%s must be a JSON object", what)
	}
	if dec.More() {
		return fmt.Errorf("%s has trailing data", what)
	}
	// Keys already in snake_case (what every real client sends) decode
	// as they are; only an object with a camelCase key is rewritten.
	norm := b
	if !allSnake(raw) {
		var err error
		if norm, err = json.Marshal(snakeKeys(raw)); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := json.Unmarshal(norm, v); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// snakeObject reports whether b starts an object none of whose top-level
// keys has an upper-case letter or an escape (which could stand for
// one). When b is one valid JSON object, that is allSnake of its keys;
// on any other input the answer means nothing, but it is given without
// reading past b.
func snakeObject(b []byte) bool {
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end, plain := scanString(b, i+1)
			if end < 0 {
				return false
			}
			if depth == 1 && !plain && followedByColon(b, end+1) {
				return false
			}
			i = end
		}
	}
	return true
}

// scanString finds the closing quote of the string whose text starts at
// b[i] (-1 when there is none) and reports whether the text has no
// escape and no upper-case letter.
func scanString(b []byte, i int) (end int, plain bool) {
	plain = true
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i, plain
		case c == '\\':
			plain = false
			i++
		case 'A' <= c && c <= 'Z':
			plain = false
		}
	}
	return -1, false
}

// followedByColon reports whether the first byte from b[i] on that is
// not JSON whitespace is a colon: the string before it was a key.
func followedByColon(b []byte, i int) bool {
	for ; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return b[i] == ':'
	}
	return false
}
