package mockvendors

import (
	"net/http"
	"net/url"
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
		vs, err = url.ParseQuery(string(b))
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
