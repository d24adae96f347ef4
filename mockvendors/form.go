package mockvendors

import (
	"net/http"
	"net/url"
)

// ReadForm parses r's query and form-encoded body, reading at most max
// bytes of the body (beyond that the error is an *http.MaxBytesError).
func ReadForm(r *http.Request, max int64) (url.Values, error) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, max)
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.Form, nil
}

// FormParams are a form's parameters (the first value of each) without
// those named in omit, such as a signature or a credential: what a
// Message records as Params.
func FormParams(form url.Values, omit ...string) map[string]string {
	out := make(map[string]string, len(form))
	for k := range form {
		out[k] = form.Get(k)
	}
	for _, k := range omit {
		delete(out, k)
	}
	return out
}
