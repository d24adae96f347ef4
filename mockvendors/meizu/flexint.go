package meizu

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FlexInt is an integer field that Meizu's clients send in several forms:
// a JSON number (the doc and the Go SDK), a boolean (the Java SDK's flags)
// or a numeric string ("callback.type":"3"). It marshals as a number.
type FlexInt int

// Int returns a pointer to v, for optional FlexInt fields.
func Int(v int) *FlexInt {
	f := FlexInt(v)
	return &f
}

// UnmarshalJSON accepts numbers, numeric strings and booleans.
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	switch s {
	case "true":
		*f = 1
		return nil
	case "false":
		*f = 0
		return nil
	case "null":
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		u, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("not a number: %s", s)
		}
		s = strings.TrimSpace(u)
		switch s {
		case "true":
			*f = 1
			return nil
		case "false":
			*f = 0
			return nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 32); err == nil {
		*f = FlexInt(n)
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > math.MaxInt32 {
		return fmt.Errorf("not an integer: %s", b)
	}
	*f = FlexInt(x)
	return nil
}

// value returns *p, or def when p is nil.
func (p *FlexInt) value(def int) int {
	if p == nil {
		return def
	}
	return int(*p)
}
