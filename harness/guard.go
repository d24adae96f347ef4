package harness

import (
	"crypto/sha256"
	"crypto/subtle"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/pushsim/pushsim/console"
	"github.com/pushsim/pushsim/protocol"
)

// A guard stands in front of the routes only the environment's owner may
// reach: the admin API under /_pushsim/ (the console and its stream
// included), the IM's device websocket and each vendor's device channel.
//
//   - Host: the request's Host must be a loopback name or address
//     (127.0.0.0/8, ::1, localhost, any port), the host the environment
//     listens on, or one named by WithAllowedHosts. A page on an attacker's
//     domain that re-binds its name to 127.0.0.1 sends its own name as the
//     Host and is refused (403). The device channels also take the real
//     vendor hosts, which no attacker can re-bind.
//   - Origin: a request that carries an Origin (every browser POST and
//     websocket does) must come from a page whose host passes the same
//     check (403), so no other site's script can drive the API or open a
//     device socket.
//   - Content type: a write (POST, PUT, PATCH, DELETE) to /_pushsim/ with
//     a type a browser may send cross-origin without asking first
//     (text/plain, form data) is refused (415): the API takes JSON.
//   - Token: with WithAdminToken, every /_pushsim/ request needs
//     "Authorization: Bearer TOKEN" (401 otherwise). The live trace stream
//     also takes ?access_token=TOKEN, since a browser's EventSource cannot
//     set headers. The console's static files (page, script, style, icon)
//     hold no data and are served without it; the page reads the token
//     from ?token= and sends it on each call it makes.
//
// Vendor routes (/<vendor>/... and requests whose Host is a real vendor
// host) and the IM's REST API (/v4/...) are left alone: real backends call
// them under their own names and authenticate with vendor credentials or
// UserSigs.
type guard struct {
	next        http.Handler
	token       []byte // sha256 of the admin token; nil: none required
	listenHost  string
	allowed     map[string]bool
	vendorHosts map[string]bool
}

// newGuard wraps next. listenAddr is the address the environment listens
// on; vendorHosts are the real vendor hosts the device channels take.
func newGuard(next http.Handler, token, listenAddr string, allowed []string, vendorHosts []string) *guard {
	g := &guard{next: next, allowed: map[string]bool{}, vendorHosts: map[string]bool{}}
	if token != "" {
		sum := sha256.Sum256([]byte(token))
		g.token = sum[:]
	}
	g.listenHost = hostOnly(listenAddr)
	for _, h := range allowed {
		g.allowed[hostOnly(h)] = true
	}
	for _, h := range vendorHosts {
		g.vendorHosts[hostOnly(h)] = true
	}
	return g
}

// hostOnly is the lower-case host of a host[:port], brackets removed.
func hostOnly(hostport string) string {
	h := strings.ToLower(strings.TrimSpace(hostport))
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.Trim(h, "[]"), ".")
}

// isLoopbackHost reports whether host (no port) is localhost or a
// loopback address.
func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopbackListen reports whether a listen address (host:port) takes
// connections only from this machine: a loopback address or localhost.
// An empty host (":4780") listens on every interface.
func IsLoopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return host != "" && isLoopbackHost(strings.ToLower(strings.Trim(host, "[]")))
}

// hostAllowed reports whether host (no port) may name the environment.
func (g *guard) hostAllowed(host string, device bool) bool {
	switch {
	case host == "":
		return false
	case isLoopbackHost(host), host == g.listenHost, g.allowed[host]:
		return true
	}
	return device && g.vendorHosts[host]
}

// route classifies a request: the admin API, a device websocket, or
// anything else (left alone).
func route(r *http.Request) (admin, device bool) {
	p := r.URL.Path
	switch {
	case p == "/_pushsim" || strings.HasPrefix(p, "/_pushsim/"):
		return true, false
	case p == protocol.IMPath, strings.HasSuffix(p, protocol.DevicePath):
		return false, true
	}
	return false, false
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	admin, device := route(r)
	if !admin && !device {
		g.next.ServeHTTP(w, r)
		return
	}
	if host := hostOnly(r.Host); !g.hostAllowed(host, device) {
		writeError(w, http.StatusForbidden, "Host %q is not allowed: use 127.0.0.1, localhost or the listen address, or start serve with --allowed-host %s", r.Host, host)
		return
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" || !g.hostAllowed(hostOnly(u.Host), device) {
			writeError(w, http.StatusForbidden, "Origin %q is not allowed: pushsim answers pages of its own host only (add one with --allowed-host)", origin)
			return
		}
	}
	if !admin {
		g.next.ServeHTTP(w, r)
		return
	}
	if isWrite(r.Method) && simpleContentType(r.Header.Get("Content-Type")) {
		writeError(w, http.StatusUnsupportedMediaType, "%s %s: Content-Type %q refused: send JSON (application/json)", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
		return
	}
	if g.token != nil && !g.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pushsim"`)
		writeError(w, http.StatusUnauthorized, "%s %s needs the admin token: send Authorization: Bearer TOKEN (the one pushsim serve was given or printed; the console takes it once as /_pushsim/ui/?token=TOKEN)", r.Method, r.URL.Path)
		return
	}
	if r.URL.Path == console.StreamPath && r.URL.Query().Has("access_token") {
		// Checked here; the stream's filters must not see it.
		r = r.Clone(r.Context())
		q := r.URL.Query()
		q.Del("access_token")
		r.URL.RawQuery = q.Encode()
	}
	g.next.ServeHTTP(w, r)
}

// authorized reports whether r carries the admin token where it may.
func (g *guard) authorized(r *http.Request) bool {
	if r.URL.Path == console.StreamPath {
		if t := r.URL.Query().Get("access_token"); t != "" {
			return g.tokenIs(t)
		}
	} else if (strings.HasPrefix(r.URL.Path, console.UIPath) || r.URL.Path+"/" == console.UIPath) &&
		(r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return true // static files only: no data, no effect
	}
	auth := r.Header.Get("Authorization")
	scheme, t, ok := strings.Cut(auth, " ")
	return ok && strings.EqualFold(scheme, "Bearer") && g.tokenIs(strings.TrimSpace(t))
}

// tokenIs compares t with the admin token in constant time (both hashed,
// so neither length leaks).
func (g *guard) tokenIs(t string) bool {
	sum := sha256.Sum256([]byte(t))
	return subtle.ConstantTimeCompare(sum[:], g.token) == 1
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// simpleContentType reports whether ct is one a browser sends
// cross-origin without a preflight.
func simpleContentType(ct string) bool {
	if ct == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return true // unparseable: refuse rather than guess
	}
	switch mt {
	case "text/plain", "application/x-www-form-urlencoded", "multipart/form-data":
		return true
	}
	return false
}
