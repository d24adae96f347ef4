package vivo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// FlexInt is an integer field that vivo's callers send as a JSON number or
// a numeric string (the API document's own example sends "networkType":"1").
// It marshals as a number.
type FlexInt int64

// Int returns a pointer to v, for optional FlexInt fields.
func Int(v int64) *FlexInt {
	f := FlexInt(v)
	return &f
}

// UnmarshalJSON accepts numbers, numeric strings and null (no change).
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	n, ok, err := mockvendors.ParseFlexInt(b, 64, false)
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

// FlexString is a string field sent as a JSON string or number (appId is
// an int in the API document's examples and a string in most clients). It
// marshals as a string.
type FlexString string

// UnmarshalJSON accepts strings, numbers (their text) and null.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = FlexString(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("not a string or number: %s", b)
	}
	*f = FlexString(n.String())
	return nil
}

// CustomMap is clientCustomMap: string keys and values handed to the app.
// Values sent as numbers or booleans keep their JSON text.
type CustomMap map[string]string

// UnmarshalJSON decodes an object of scalars (null is none).
func (c *CustomMap) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*c = nil
		return nil
	}
	if m, ok := stringObject(b); ok {
		*c = m
		return nil
	}
	return customMapJSON(c, b)
}

// customMapJSON is CustomMap.UnmarshalJSON through encoding/json, for
// b other than null.
func customMapJSON(c *CustomMap, b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("clientCustomMap must be a JSON object")
	}
	out := make(CustomMap, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
			continue
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 || v[0] == '{' || v[0] == '[' || string(v) == "null" {
			return fmt.Errorf("clientCustomMap.%s must be a string", k)
		}
		out[k] = string(v)
	}
	*c = out
	return nil
}

// length is the map's keys and values in characters, as the limit counts.
func (c CustomMap) length() int {
	n := 0
	for k, v := range c {
		n += len([]rune(k)) + len([]rune(v))
	}
	return n
}

// stringObject decodes b, an object of strings with plain keys, each
// once, as CustomMap.UnmarshalJSON does; ok is false for any other b.
func stringObject(b []byte) (m CustomMap, ok bool) {
	d := mockvendors.NewJSONFields(b)
	return m, d.StringMap((*map[string]string)(&m)) && d.End()
}
