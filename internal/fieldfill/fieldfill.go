// Package fieldfill sets every field of a value to something unlike its
// zero, for tests that hold a hand-written encoder or decoder against
// encoding/json: a field added to a type later then shows up as a
// difference instead of falling silently out of the hand-written code.
package fieldfill

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Fill sets every exported field of the struct ptr points to, and of the
// structs within it, to a value unlike its zero: strings to their field's
// path, numbers to the field's position plus one, booleans to true, raw
// JSON to an object naming the field, maps and slices to one such
// element, pointers to a filled value. Fields whose path ("Type.Field.
// Sub") skip reports true are left as they are. A field of a kind Fill
// does not know is an error naming it.
func Fill(ptr any, skip func(path string) bool) error {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("fieldfill: want a pointer to a struct, got %T", ptr)
	}
	return fill(v.Elem(), v.Elem().Type().Name(), 0, skip)
}

var rawMessage = reflect.TypeFor[json.RawMessage]()

func fill(v reflect.Value, path string, pos int, skip func(string) bool) error {
	switch {
	case v.Type() == rawMessage:
		v.SetBytes([]byte(`{"k":"` + path + `"}`))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			p := path + "." + sf.Name
			if skip != nil && skip(p) {
				continue
			}
			if err := fill(v.Field(i), p, i, skip); err != nil {
				return err
			}
		}
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return fill(v.Elem(), path, pos, skip)
	case v.Kind() == reflect.String:
		v.SetString(path)
	case v.CanInt():
		v.SetInt(int64(pos + 1))
	case v.CanUint():
		v.SetUint(uint64(pos + 1))
	case v.CanFloat():
		v.SetFloat(float64(pos + 1))
	case v.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.Kind() == reflect.Slice:
		e := reflect.New(v.Type().Elem()).Elem()
		if err := fill(e, path+"[0]", pos, skip); err != nil {
			return err
		}
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), e))
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		e := reflect.New(v.Type().Elem()).Elem()
		if e.Kind() == reflect.Interface {
			e = reflect.ValueOf(path + "[k]")
		} else if err := fill(e, path+"[k]", pos, skip); err != nil {
			return err
		}
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), e)
		v.Set(m)
	case v.Kind() == reflect.Interface:
		v.Set(reflect.ValueOf(path))
	default:
		return fmt.Errorf("fieldfill: %s is a %s, which Fill does not know", path, v.Type())
	}
	return nil
}
