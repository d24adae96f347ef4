package vendortest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzMethods are the methods FuzzPaths tries.
var fuzzMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, "PROPFIND"}

// FuzzPaths sends any method and body to any path below the vendor's API
// prefixes, the endpoints the mock serves and the ones it does not (the
// vendor's statistics, tag and other extra APIs): h never panics and
// answers every request with shaped, which checks the status and body are
// the vendor's documented error or success shape. Segments "." and ".."
// and slashes in the fuzzed segment are left out: cleaning those is the
// HTTP library's redirect, not the vendor's answer.
func FuzzPaths(f *testing.F, h http.Handler, prefixes []string, shaped func(status int, body []byte) error) {
	for i := range prefixes {
		f.Add(uint8(i), uint8(0), "", "")
		f.Add(uint8(i), uint8(1), "send", `{"x":1}`)
		f.Add(uint8(i), uint8(2), "getStatistics", "a=1")
		f.Add(uint8(i), uint8(5), "messages:send", "")
	}
	f.Fuzz(func(t *testing.T, prefix, method uint8, segment, body string) {
		if strings.Contains(segment, "/") || segment == "." || segment == ".." {
			return
		}
		m := fuzzMethods[int(method)%len(fuzzMethods)]
		target := prefixes[int(prefix)%len(prefixes)] + url.PathEscape(segment)
		req := httptest.NewRequest(m, target, strings.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if m == http.MethodHead {
			return // no body to check
		}
		if err := shaped(w.Code, w.Body.Bytes()); err != nil {
			t.Fatalf("%s %s: %v (HTTP %d %q)", m, target, err, w.Code, w.Body)
		}
	})
}
