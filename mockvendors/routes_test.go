package mockvendors

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/pushsim/pushsim/protocol"
)

// routeTable registers patterns shaped like a vendor's (exact POSTs, a
// method-less path, a wildcard, a catch-all) on reg; each handler answers
// with its name and the request's Pattern.
func routeTable(reg func(pattern string, h http.Handler)) {
	for _, p := range []string{
		"POST /garcia/api/server/push/varnished/pushByPushId", "POST /garcia/api/server/push/varnished/pushByAlias",
		"POST /v3/message/regid", "POST /v1/{id}/messages:send", "POST /v1/p/messages:send", "POST /x/a@b$c&d+e,f;g=h", "POST /a.b/c-d_e~f", "GET /garcia/api/server/message/getSubAlias",
		"/garcia/api/server/message/getRegisterSwitch", "/garcia/", "POST /trailing/",
	} {
		reg(p, named(p))
	}
}

func named(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(name + " | " + r.Pattern + " | " + r.URL.Path))
	})
}

// checkRoutes fails when h answers method target otherwise than want.
func checkRoutes(t *testing.T, h, want http.Handler, method, target string) {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return
	}
	req := func() *http.Request {
		return &http.Request{Method: method, URL: u, Header: http.Header{}, Host: "127.0.0.1", RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	}
	got, exp := httptest.NewRecorder(), httptest.NewRecorder()
	h.ServeHTTP(got, req())
	want.ServeHTTP(exp, req())
	if got.Code != exp.Code || got.Body.String() != exp.Body.String() || got.Header().Get("Location") != exp.Header().Get("Location") || got.Header().Get("Allow") != exp.Header().Get("Allow") {
		t.Fatalf("%s %s: answered %d %q %v, the mux %d %q %v", method, target, got.Code, got.Body, got.Header(), exp.Code, exp.Body, exp.Header())
	}
}

// routers are Routes and NewBase's handler (over an API answering
// "api"), each beside the plain ServeMux setup it stands for.
func routers(tb testing.TB) (rt, mux, base, baseMux http.Handler) {
	r, m := NewRoutes(), http.NewServeMux()
	routeTable(r.Handle)
	routeTable(m.Handle)
	hub := NewHub(HubConfig{Vendor: protocol.VendorMeizu, Config: Config{}.WithDefaults()})
	tb.Cleanup(func() { _ = hub.Close() })
	b := NewBase(BaseConfig{Vendor: protocol.VendorMeizu, Hub: hub, API: named("api")})
	bm := http.NewServeMux()
	bm.Handle(protocol.DevicePath, hub)
	bm.Handle("/", named("api"))
	return r, m, b.Handler(), bm
}

var routeTargets = []string{
	"/garcia/api/server/push/varnished/pushByPushId", "/garcia/api/server/push/varnished/pushByAlias",
	"/garcia/api/server/push/varnished/pushByPushId/", "/garcia/api/server/push/varnished/pushByPushId?x=1",
	"/garcia/api/server/push/varnished/pushBy%50ushId", "/garcia/api/server/push//varnished/pushByPushId",
	"/garcia/api/server/push/./varnished/pushByPushId", "/garcia/api/server/push/x/../varnished/pushByPushId",
	"/v3/message/regid", "/v1/p/messages:send", "/v1/q/messages:send", "/v1/p/messages%3Asend", "/x/a@b$c&d+e,f;g=h", "/x/a@b$c&d+e,f;g=h/", "/a.b/c-d_e~f", "/garcia/api/server/message/getSubAlias",
	"/garcia/api/server/message/getRegisterSwitch", "/trailing", "/trailing/", "/nothing", "/", "*",
	protocol.DevicePath, protocol.DevicePath + "/", "/_device/./ws", "/%2Fgarcia/api",
}

// TestRoutesAsServeMux checks Routes and NewBase's handler against the
// ServeMux setups they replace, for every method on paths that take the
// shortcut and paths that must not.
func TestRoutesAsServeMux(t *testing.T) {
	rt, mux, base, baseMux := routers(t)
	for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodHead, http.MethodPut, http.MethodConnect, "post"} {
		for _, target := range routeTargets {
			checkRoutes(t, rt, mux, method, target)
			checkRoutes(t, base, baseMux, method, target)
		}
	}
}

// FuzzRoutesAsServeMux is TestRoutesAsServeMux on any method and target.
func FuzzRoutesAsServeMux(f *testing.F) {
	rt, mux, base, baseMux := routers(f)
	for _, target := range routeTargets {
		f.Add(http.MethodPost, target)
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		checkRoutes(t, rt, mux, method, target)
		checkRoutes(t, base, baseMux, method, target)
	})
}
