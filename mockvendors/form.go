package mockvendors

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// formTypes are the Content-Type values vendor clients send with a
// form-encoded body, written exactly so; mime.ParseMediaType reads each
// as that type without error.
var formTypes = map[string]bool{
	"application/x-www-form-urlencoded":                true,
	"application/x-www-form-urlencoded;charset=UTF-8":  true,
	"application/x-www-form-urlencoded; charset=UTF-8": true,
	"application/x-www-form-urlencoded;charset=utf-8":  true,
	"application/x-www-form-urlencoded; charset=utf-8": true,
}

// ReadForm parses r's query and form-encoded body, reading at most max
// bytes of the body (beyond that the error is an *http.MaxBytesError).
// It leaves r.Form and r.PostForm as r.ParseForm does.
func ReadForm(r *http.Request, max int64) (url.Values, error) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, max)
	}
	if plainPostForm(r) {
		return readPostForm(r, max)
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

// plainPostForm reports whether r is what every vendor client sends: a
// POST of a form-encoded body (one of formTypes) with no query, not parsed yet. Then the body alone is the form.
func plainPostForm(r *http.Request) bool {
	ct := r.Header["Content-Type"]
	return r.Method == http.MethodPost && r.Body != nil && r.Form == nil && r.PostForm == nil &&
		r.URL != nil && r.URL.RawQuery == "" && len(ct) > 0 && formTypes[ct[0]]
}

// readPostForm is r.ParseForm for a plainPostForm request, without
// copying the body's values into a second map: r.Form and r.PostForm
// are the same values (neither is changed afterwards), also when the
// body cannot be read or parsed.
func readPostForm(r *http.Request, max int64) (url.Values, error) {
	b, err := readAllSized(r.Body, r.ContentLength, max)
	var vs url.Values
	if err == nil {
		vs, err = ParseQuery(string(b))
	}
	if vs == nil {
		vs = url.Values{}
	}
	r.Form, r.PostForm = vs, vs
	if err != nil {
		return nil, err
	}
	return vs, nil
}

// FormParams are a form's parameters (the first value of each) without
// those named in omit, such as a signature or a credential: what a
// Message records as Params.
func FormParams(form url.Values, omit ...string) map[string]string {
	out := make(map[string]string, len(form))
	for k, vs := range form {
		out[k] = ""
		if len(vs) > 0 {
			out[k] = vs[0]
		}
	}
	for _, k := range omit {
		delete(out, k)
	}
	return out
}

// errSemicolon is url.ParseQuery's error for a ';' in a parameter.
var errSemicolon = errors.New("invalid semicolon separator in query")

// maxScannedParams is the most parameters ParseQuery parses itself.
const maxScannedParams = 100

// smallQueriesAllowed reports whether url.ParseQuery takes a query of
// maxScannedParams parameters, which a GODEBUG urlmaxqueryparams setting
// below it would refuse; it is asked once, at the first ParseQuery.
var smallQueriesAllowed = sync.OnceValue(func() bool {
	_, err := url.ParseQuery(strings.Repeat("&", maxScannedParams-1))
	return err == nil
})

// ParseQuery is url.ParseQuery: the same values and the same error for
// every query. A query of up to maxScannedParams parameters is parsed
// here, into a map made at its size and one array holding the first
// value of every name, rather than a slice per name; a longer one goes
// to url.ParseQuery.
func ParseQuery(query string) (url.Values, error) {
	n := strings.Count(query, "&") + 1
	if n > maxScannedParams || !smallQueriesAllowed() {
		return url.ParseQuery(query)
	}
	m := make(url.Values, n)
	firsts := make([]string, 0, n)
	var err error
	for query != "" { // url.ParseQuery's loop
		var key string
		key, query, _ = strings.Cut(query, "&")
		if strings.Contains(key, ";") {
			err = errSemicolon
			continue
		}
		if key == "" {
			continue
		}
		key, value, _ := strings.Cut(key, "=")
		key, err1 := url.QueryUnescape(key)
		if err1 != nil {
			if err == nil {
				err = err1
			}
			continue
		}
		value, err1 = url.QueryUnescape(value)
		if err1 != nil {
			if err == nil {
				err = err1
			}
			continue
		}
		if vs, ok := m[key]; ok {
			m[key] = append(vs, value)
			continue
		}
		firsts = append(firsts, value)
		m[key] = firsts[len(firsts)-1 : len(firsts) : len(firsts)] // full: a second value is appended elsewhere
	}
	return m, err
}
