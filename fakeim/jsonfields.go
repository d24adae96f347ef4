package fakeim

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// fields is a JSON object by member name, for REST bodies whose field
// types must be checked one by one to answer with the right error code.
type fields map[string]json.RawMessage

// parseObject parses body as a JSON object; failures get code.
func parseObject(body []byte, code int) (fields, *Error) {
	var f fields
	if err := json.Unmarshal(body, &f); err != nil || f == nil {
		if err == nil {
			return nil, errorf(code, "the body is not a JSON object")
		}
		return nil, errorf(code, "the body is not valid JSON: %v", err)
	}
	return f, nil
}

// raw returns a member, treating JSON null as absent.
func (f fields) raw(name string) (json.RawMessage, bool) {
	r, ok := f[name]
	if !ok || bytes.Equal(bytes.TrimSpace(r), []byte("null")) {
		return nil, false
	}
	return r, true
}

// str returns a string member. ok is false when present but not a string.
func (f fields) str(name string) (v string, present, ok bool) {
	r, present := f.raw(name)
	if !present {
		return "", false, true
	}
	return rawString(r)
}

func rawString(r json.RawMessage) (string, bool, bool) {
	var s string
	if err := json.Unmarshal(r, &s); err != nil {
		return "", true, false
	}
	return s, true, true
}

// int returns an integer member. ok is false when present but not an
// integer.
func (f fields) int(name string) (v int64, present, ok bool) {
	r, present := f.raw(name)
	if !present {
		return 0, false, true
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(r)), 10, 64)
	if err != nil {
		return 0, true, false
	}
	return n, true, true
}

// array returns an array member. ok is false when present but not an
// array.
func (f fields) array(name string) (v []json.RawMessage, present, ok bool) {
	r, present := f.raw(name)
	if !present {
		return nil, false, true
	}
	if err := json.Unmarshal(r, &v); err != nil || v == nil {
		return nil, true, false
	}
	return v, true, true
}

// object returns an object member. ok is false when present but not an
// object.
func (f fields) object(name string) (v fields, present, ok bool) {
	r, present := f.raw(name)
	if !present {
		return nil, false, true
	}
	if err := json.Unmarshal(r, &v); err != nil || v == nil {
		return nil, true, false
	}
	return v, true, true
}
