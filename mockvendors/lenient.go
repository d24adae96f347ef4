package mockvendors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseFlexInt reads an integer field that clients send in several forms:
// a JSON number (integral, also as 7.0), a numeric string ("7", spaces
// trimmed) and, when bools is set, true and false (bare or quoted) as 1
// and 0. bits is the field's size, 32 or 64; a number in float form must
// also fit a float64 exactly (|x| <= 2^53). null is no value: ok is false
// and the field keeps what it had, as it does on an error.
func ParseFlexInt(b []byte, bits int, bools bool) (n int64, ok bool, err error) {
	s := string(bytes.TrimSpace(b))
	if s == "null" {
		return 0, false, nil
	}
	if len(s) >= 2 && s[0] == '"' {
		u, err := strconv.Unquote(s)
		if err != nil {
			return 0, false, fmt.Errorf("not a number: %s", s)
		}
		s = strings.TrimSpace(u)
	}
	if bools {
		switch s {
		case "true":
			return 1, true, nil
		case "false":
			return 0, true, nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, bits); err == nil {
		return n, true, nil
	}
	limit := float64(math.MaxInt32)
	if bits > 32 {
		limit = 1 << 53
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > limit {
		return 0, false, fmt.Errorf("not an integer: %s", b)
	}
	return int64(x), true, nil
}

// StringValues renders a JSON object's values as strings: strings as they
// are, anything else as its JSON text (what becomes an Activity's
// extras). An empty object gives nil.
func StringValues(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
			continue
		}
		if b, err := json.Marshal(v); err == nil {
			out[k] = string(b)
		}
	}
	return out
}
