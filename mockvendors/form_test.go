package mockvendors_test

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
)

func TestReadForm(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/x?q=1", strings.NewReader("a=2&sign=s"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	form, err := mockvendors.ReadForm(r, 100)
	if err != nil || form.Get("q") != "1" || form.Get("a") != "2" {
		t.Fatalf("ReadForm = %v, %v", form, err)
	}
	if got := mockvendors.FormParams(form, "sign"); !maps.Equal(got, map[string]string{"q": "1", "a": "2"}) {
		t.Errorf("FormParams = %v", got)
	}
	long := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader("a="+strings.Repeat("x", 100)))
	long.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var tooLong *http.MaxBytesError
	if _, err := mockvendors.ReadForm(long, 10); !errors.As(err, &tooLong) {
		t.Errorf("an over-long body: %v, want an *http.MaxBytesError", err)
	}
	if got := mockvendors.FormParams(url.Values{"k": {"v1", "v2"}}); got["k"] != "v1" {
		t.Errorf("FormParams keeps %q, want the first value", got["k"])
	}
}

// TestReadFormAsParseForm checks ReadForm against r.ParseForm on bodies
// and queries that parse, fail to parse or run over the limit.
func TestReadFormAsParseForm(t *testing.T) {
	const max = 32
	for _, tc := range []struct{ query, ct, body string }{
		{"", "application/x-www-form-urlencoded", "a=1&b=2&a=3"},
		{"", "application/x-www-form-urlencoded", ""},
		{"", "application/x-www-form-urlencoded", "a=%zz&b=1"},
		{"", "application/x-www-form-urlencoded", "a=1;b=2"},
		{"", "application/x-www-form-urlencoded", "a=" + strings.Repeat("x", 2*max)},
		{"q=1", "application/x-www-form-urlencoded", "a=1"},
		{"", "application/x-www-form-urlencoded; charset=utf-8", "a=1"},
		{"", "application/x-www-form-urlencoded;charset=UTF-8", "a=%zz&b=1"},
		{"", "application/x-www-form-urlencoded;charset=UTF-8", "a=" + strings.Repeat("x", 2*max)},
		{"", "application/x-www-form-urlencoded; charset=latin1", "a=1"},
		{"", "text/plain", "a=1"},
	} {
		name := tc.query + " " + tc.ct + " " + tc.body
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/x?"+tc.query, strings.NewReader(tc.body))
			r.Header.Set("Content-Type", tc.ct)
			return r
		}
		got := req()
		form, err := mockvendors.ReadForm(got, max)
		want := req()
		want.Body = http.MaxBytesReader(nil, want.Body, max)
		wantErr := want.ParseForm()
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("%s: error %v, ParseForm's %v", name, err, wantErr)
		}
		if wantErr == nil && !maps.EqualFunc(form, want.Form, slices.Equal) {
			t.Errorf("%s: form %v, ParseForm's %v", name, form, want.Form)
		}
		if !maps.EqualFunc(got.Form, want.Form, slices.Equal) || !maps.EqualFunc(got.PostForm, want.PostForm, slices.Equal) {
			t.Errorf("%s: r.Form %v r.PostForm %v, ParseForm's %v %v", name, got.Form, got.PostForm, want.Form, want.PostForm)
		}
	}
}

// TestReadBody checks ReadBody against io.ReadAll of the same bounded
// body, whatever length the request declares.
func TestReadBody(t *testing.T) {
	const max = 600
	for _, body := range []string{"", "x", strings.Repeat("y", 511), strings.Repeat("z", 512), strings.Repeat("w", max), strings.Repeat("v", max+1), strings.Repeat("u", 3*max)} {
		for _, declared := range []int64{-1, 0, int64(len(body)), int64(len(body)) + 7, 1 << 40} {
			r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
			r.ContentLength = declared
			got, err := mockvendors.ReadBody(httptest.NewRecorder(), r, max)
			want, wantErr := io.ReadAll(http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader(body)), max))
			if string(got) != string(want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%d bytes declared as %d: %d bytes, %v; io.ReadAll: %d bytes, %v", len(body), declared, len(got), err, len(want), wantErr)
			}
		}
	}
}

// FuzzParseQuery checks ParseQuery against url.ParseQuery: the same
// values and the same error, for any query (repeated names, '+' and
// %-escapes, invalid escapes, semicolons, empty pairs, long queries).
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		"appId=1&pushIds=a%2Cb&messageJson=%7B%22a%22%3A1%7D&sign=x", "a=1&a=2&b=&c&=d&&", "a+b=c+d%20e", "%zz=1&b=2",
		"a=%4&b=%", "x;y=1&z=2", "a=1;b=2&%zz&c=%g0", strings.Repeat("k=v&", 99) + "k=last", strings.Repeat("a&", 150),
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, gotErr := mockvendors.ParseQuery(q)
		want, wantErr := url.ParseQuery(q)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("ParseQuery(%q) error %v, url.ParseQuery's %v", q, gotErr, wantErr)
		}
		if !maps.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("ParseQuery(%q) = %v, url.ParseQuery's %v", q, got, want)
		}
		for k := range got { // each name's values are its own: appending to one changes no other
			got[k] = append(got[k], "added")
		}
		for k, vs := range want {
			if !slices.Equal(got[k], append(vs, "added")) {
				t.Fatalf("ParseQuery(%q): %q after an append to each name, want %q", q, got[k], append(vs, "added"))
			}
		}
	})
}
