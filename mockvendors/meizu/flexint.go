package meizu

import "github.com/pushsim/pushsim/mockvendors"

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
	n, ok, err := mockvendors.ParseFlexInt(b, 32, true)
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
