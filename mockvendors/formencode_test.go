package mockvendors_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

// encodeWithSet is what AppendForm replaces: a copy of params with the
// pairs Set, encoded.
func encodeWithSet(params url.Values, set ...string) string {
	c := url.Values{}
	for k, v := range params {
		c[k] = v
	}
	for i := 0; i+1 < len(set); i += 2 {
		c.Set(set[i], set[i+1])
	}
	return c.Encode()
}

func TestAppendForm(t *testing.T) {
	many := url.Values{}
	for i := range 40 {
		many.Add(strings.Repeat("k", i+1), "v")
	}
	for _, tc := range []struct {
		name   string
		params url.Values
		set    []string
	}{
		{name: "empty"},
		{name: "only set", set: []string{"sign", "abc"}},
		{name: "meizu push", params: url.Values{"appId": {"123"}, "pushIds": {"UU3,UU4"}, "messageJson": {`{"a":"b c","d":"é&="}`}}, set: []string{"sign", "0f"}},
		{name: "sign replaced", params: url.Values{"sign": {"old", "older"}, "a": {"1"}}, set: []string{"sign", "new"}},
		{name: "repeated values", params: url.Values{"a": {"1", "2", ""}, "b": {}}},
		{name: "set twice", params: url.Values{"a": {"1"}}, set: []string{"b", "1", "b", "2"}},
		{name: "unpaired", params: url.Values{"a": {"1"}}, set: []string{"b"}},
		{name: "escapes", params: url.Values{"a b": {"+%~-_.!*'()/?#[]@$;,:=&\x00\xff"}}},
		{name: "more keys than the stack array", params: many, set: []string{"sign", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := encodeWithSet(tc.params, tc.set...)
			if got := string(mockvendors.AppendForm([]byte("pre"), tc.params, tc.set...)); got != "pre"+want {
				t.Errorf("AppendForm = %q, want %q", got, "pre"+want)
			}
		})
	}
}

// FuzzAppendForm checks AppendForm and AppendQueryEscape against
// url.Values.Encode and url.QueryEscape on forms parsed from arbitrary
// text (repeated names, empty values) with one pair set over them.
func FuzzAppendForm(f *testing.F) {
	f.Add("appId=1&pushIds=a,b&messageJson=%7B%22a%22%3A1%7D", "sign", "ab")
	f.Add("a=1&a=2&b=&c", "a", "x y")
	f.Add("%zz=1;x", "", "")
	f.Fuzz(func(t *testing.T, query, name, value string) {
		if got, want := string(mockvendors.AppendQueryEscape(nil, query)), url.QueryEscape(query); got != want {
			t.Fatalf("AppendQueryEscape(%q) = %q, want %q", query, got, want)
		}
		params, _ := url.ParseQuery(query)
		if got, want := string(mockvendors.AppendForm(nil, params, name, value)), encodeWithSet(params, name, value); got != want {
			t.Fatalf("AppendForm(%v, %q, %q) = %q, want %q", params, name, value, got, want)
		}
		if got, want := string(mockvendors.AppendForm(nil, params)), params.Encode(); got != want {
			t.Fatalf("AppendForm(%v) = %q, want %q", params, got, want)
		}
	})
}
