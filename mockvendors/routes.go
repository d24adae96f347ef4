package mockvendors

import (
	"net/http"
	"strings"
)

// Routes is an http.ServeMux that sends a POST to the exact path of one
// of its "POST /path" patterns (no wildcard, no trailing slash) straight
// to that pattern's handler, without the mux's pattern matching, when
// the mux would send it there as it is: a clean path without escapes.
// The request's Pattern is set as the mux sets it. Every other request
// goes through the mux. Vendor pushes are such POSTs.
type Routes struct {
	mux  *http.ServeMux
	post map[string]http.Handler // exact path → handler of "POST <path>"
}

// NewRoutes returns an empty Routes.
func NewRoutes() *Routes { return &Routes{mux: http.NewServeMux(), post: map[string]http.Handler{}} }

// Handle registers h for pattern, as http.ServeMux.Handle does.
func (rt *Routes) Handle(pattern string, h http.Handler) {
	rt.mux.Handle(pattern, h)
	if path, ok := strings.CutPrefix(pattern, http.MethodPost+" "); ok && exactPath(path) {
		rt.post[path] = h
	}
}

// HandleFunc registers h for pattern, as http.ServeMux.HandleFunc does.
func (rt *Routes) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	rt.Handle(pattern, http.HandlerFunc(h))
}

// ServeHTTP implements http.Handler.
func (rt *Routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && PlainPath(r) {
		if h := rt.post[r.URL.Path]; h != nil {
			r.Pattern = http.MethodPost + " " + r.URL.Path
			h.ServeHTTP(w, r)
			return
		}
	}
	rt.mux.ServeHTTP(w, r)
}

// exactPath reports whether a pattern's path matches that one path only
// and is a plain path: no wildcard, no trailing slash.
func exactPath(path string) bool { return plainPath(path) && !strings.HasSuffix(path, "/") }

// PlainPath reports whether a ServeMux matches r by r.URL.Path as it is,
// without redirecting it: a request (not CONNECT, not "*") with no
// escapes (RawPath empty) and a plain path.
func PlainPath(r *http.Request) bool {
	return r.Method != http.MethodConnect && r.RequestURI != "*" && r.URL.RawPath == "" && plainPath(r.URL.Path)
}

// plainPath reports whether path starts with '/', holds only ASCII
// letters, digits, "-_.~", '/' and the reserved characters a path keeps
// as they are ("$&+,:;=@", as in FCM's and Huawei's ".../messages:send"):
// nothing EscapedPath would change; and has no empty, "." or ".." segment
// (a trailing slash aside).
func plainPath(path string) bool {
	if path == "" || path[0] != '/' {
		return false
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; c != '/' && !unreserved(c) && !strings.ContainsRune("$&+,:;=@", rune(c)) {
			return false
		}
	}
	return !strings.Contains(path, "//") && !strings.Contains(path, "/./") && !strings.Contains(path, "/../") &&
		!strings.HasSuffix(path, "/.") && !strings.HasSuffix(path, "/..")
}
