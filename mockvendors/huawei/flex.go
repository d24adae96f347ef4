package huawei

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/pushsim/pushsim/mockvendors"
)

// FlexInt is an integer field that clients send as a JSON number or a
// numeric string ("type":"1"). It marshals as a number.
type FlexInt int

// Int returns a pointer to v, for optional FlexInt fields.
func Int(v int) *FlexInt {
	f := FlexInt(v)
	return &f
}

// UnmarshalJSON accepts integral numbers and numeric strings.
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	n, ok, err := mockvendors.ParseFlexInt(b, 32, false)
	if ok {
		*f = FlexInt(n)
	}
	return err
}

// value returns *p, or def when p is nil.
func (p *FlexInt) value(def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}

// FlexString is a string field that clients also send as a number or, for
// payloads, as a JSON object or array ("data":{"k":"v"}); it keeps the
// value's text and marshals as a string.
type FlexString string

// ErrInvalidUTF8 is the error of a FlexString whose JSON text is not
// valid UTF-8: forwarding it would change it (every encoder substitutes
// U+FFFD), so HMS-style parsers refuse it as a bad parameter.
var ErrInvalidUTF8 = errors.New("not valid UTF-8")

// UnmarshalJSON accepts a string, a number, an object or an array, in
// valid UTF-8 (ErrInvalidUTF8 otherwise).
func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if !utf8.Valid(b) {
		return ErrInvalidUTF8
	}
	switch {
	case len(b) == 0 || string(b) == "null":
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(s)
	case b[0] == '{' || b[0] == '[':
		var buf bytes.Buffer
		if err := json.Compact(&buf, b); err != nil {
			return err
		}
		*f = FlexString(buf.String())
	case b[0] == 't' || b[0] == 'f':
		return fmt.Errorf("want a string, got %s", b)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*f = FlexString(n.String())
	}
	return nil
}
