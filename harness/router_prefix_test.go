package harness

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// prefixRoutes is a mux shaped like the environment's (vendor prefixes,
// /_pushsim/ routes and a catch-all) and the vendorPrefixes beside it;
// every handler answers with its name.
func prefixRoutes() (vendorPrefixes, *http.ServeMux) {
	named := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(name + " " + r.URL.Path)) })
	}
	p := vendorPrefixes{}
	mux := http.NewServeMux()
	for _, v := range []string{"meizu", "xiaomi", "apns", "huawei", "fcm"} {
		p[v] = http.StripPrefix("/"+v, named(v))
		mux.Handle("/"+v+"/", p[v])
	}
	mux.Handle("/_pushsim/devices/{id}", named("devices"))
	mux.Handle("/_pushsim/", named("pushsim"))
	mux.Handle("/", named("im"))
	return p, mux
}

// checkPrefixMatchesMux fails when match picks a handler for target
// whose answer differs from the mux's.
func checkPrefixMatchesMux(t *testing.T, method, target string) (matched bool) {
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return false
	}
	p, mux := prefixRoutes()
	r := &http.Request{Method: method, URL: u, Header: http.Header{}, Host: "127.0.0.1", RequestURI: target}
	h := p.match(r)
	if h == nil {
		return false
	}
	fast, slow := httptest.NewRecorder(), httptest.NewRecorder()
	h.ServeHTTP(fast, r)
	mux.ServeHTTP(slow, r)
	if fast.Code != slow.Code || fast.Body.String() != slow.Body.String() {
		t.Fatalf("%s %s: prefix route answered %d %q, the mux %d %q", method, target, fast.Code, fast.Body, slow.Code, slow.Body)
	}
	return true
}

func TestVendorPrefixRoutesAsTheMuxDoes(t *testing.T) {
	for _, tc := range []struct {
		target string
		fast   bool
	}{
		{"/meizu/garcia/api/server/push/varnished/pushByPushId", true},
		{"/xiaomi/v3/message/regid", true},
		{"/apns/3/device/abc", true},
		{"/huawei/v1/123/messages:send", true},
		{"/fcm/v1/projects/p/messages:send", true},
		{"/huawei/v1/123/messages%3Asend", false},
		{"/meizu/a!b", false},
		{"/meizu/", true},
		{"/meizu", false},
		{"/meizu//x", false},
		{"/meizu/./x", false},
		{"/meizu/../_pushsim/devices/d1", false},
		{"/meizu/x/..", false},
		{"/meizu/a%2Fb", false},
		{"/unknown/x", false},
		{"/_pushsim/devices/d1", false},
		{"/v4/openim/sendmsg", false},
		{"/", false},
	} {
		if got := checkPrefixMatchesMux(t, http.MethodPost, tc.target); got != tc.fast {
			t.Errorf("%s: routed past the mux %v, want %v", tc.target, got, tc.fast)
		}
	}
	if checkPrefixMatchesMux(t, http.MethodConnect, "/meizu/x") {
		t.Error("CONNECT routed past the mux")
	}
}

func FuzzVendorPrefixRoutesAsTheMuxDoes(f *testing.F) {
	for _, s := range []string{"/meizu/x", "/meizu/../x", "/xiaomi//v3", "/apns/%2e%2e/x", "/meizu/a%2Fb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		checkPrefixMatchesMux(t, http.MethodGet, target)
	})
}
