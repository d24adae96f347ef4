package mockvendors_test

import (
	"maps"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestParseFlexInt(t *testing.T) {
	for _, tc := range []struct {
		in    string
		bits  int
		bools bool
		n     int64
		ok    bool
		err   bool
	}{
		{in: `7`, bits: 32, n: 7, ok: true},
		{in: `"7"`, bits: 32, n: 7, ok: true},
		{in: `" -7 "`, bits: 64, n: -7, ok: true},
		{in: `7.0`, bits: 32, n: 7, ok: true},
		{in: `1e3`, bits: 64, n: 1000, ok: true},
		{in: `null`, bits: 32},
		{in: ` null `, bits: 64},
		{in: `true`, bits: 32, bools: true, n: 1, ok: true},
		{in: `"false"`, bits: 64, bools: true, n: 0, ok: true},
		{in: `true`, bits: 32, err: true},
		{in: `"null"`, bits: 32, err: true},
		{in: `7.5`, bits: 64, err: true},
		{in: `"x"`, bits: 64, err: true},
		{in: `"7`, bits: 64, err: true},
		{in: `2147483648`, bits: 32, err: true},
		{in: `2147483648`, bits: 64, n: 2147483648, ok: true},
		{in: `1e10`, bits: 32, err: true},
		{in: `9007199254740992.0`, bits: 64, n: 1 << 53, ok: true},
		{in: `1e16`, bits: 64, err: true},
	} {
		n, ok, err := mockvendors.ParseFlexInt([]byte(tc.in), tc.bits, tc.bools)
		if n != tc.n || ok != tc.ok || (err != nil) != tc.err {
			t.Errorf("ParseFlexInt(%s, %d, %v) = %d, %v, %v; want %d, %v, error %v", tc.in, tc.bits, tc.bools, n, ok, err, tc.n, tc.ok, tc.err)
		}
	}
}

func TestStringValues(t *testing.T) {
	got := mockvendors.StringValues(map[string]any{"s": "x", "n": 1, "o": map[string]any{"a": true}})
	if want := map[string]string{"s": "x", "n": "1", "o": `{"a":true}`}; !maps.Equal(got, want) {
		t.Errorf("StringValues = %v, want %v", got, want)
	}
	if mockvendors.StringValues(nil) != nil {
		t.Error("an empty object gives extras")
	}
}
