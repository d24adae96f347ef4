package harness_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// TestGuard sends each request straight to the environment's handler and
// checks the status the Host, Origin, content-type and token checks give.
func TestGuard(t *testing.T) {
	type req struct {
		method, path, host, origin, ctype, auth string
	}
	cases := []struct {
		name  string
		token string
		req   req
		want  int
	}{
		{"loopback host", "", req{path: "/_pushsim/healthz", host: "127.0.0.1:4780"}, 200},
		{"localhost", "", req{path: "/_pushsim/healthz", host: "localhost:1"}, 200},
		{"ipv6 loopback", "", req{path: "/_pushsim/healthz", host: "[::1]:4780"}, 200},
		{"embedded listen host", "", req{path: "/_pushsim/healthz", host: harness.EmbeddedHost}, 200},
		{"allowed host", "", req{path: "/_pushsim/healthz", host: "pushsim.ci:4780"}, 200},
		{"rebound host", "", req{path: "/_pushsim/healthz", host: "evil.example:4780"}, 403},
		{"rebound host, im socket", "", req{path: protocol.IMPath, host: "evil.example"}, 403},
		{"rebound host, device channel", "", req{path: "/meizu" + protocol.DevicePath, host: "evil.example"}, 403},
		{"vendor host, im admin", "", req{path: "/_pushsim/devices", host: "api-push.meizu.com"}, 403},
		{"foreign origin", "", req{path: "/_pushsim/devices", host: "127.0.0.1", origin: "http://evil.example"}, 403},
		{"null origin", "", req{path: "/_pushsim/devices", host: "127.0.0.1", origin: "null"}, 403},
		{"foreign origin, im socket", "", req{path: protocol.IMPath, host: "127.0.0.1", origin: "https://evil.example"}, 403},
		{"foreign origin, device channel", "", req{path: "/meizu" + protocol.DevicePath, host: "127.0.0.1", origin: "https://evil.example"}, 403},
		{"own origin", "", req{path: "/_pushsim/healthz", host: "127.0.0.1:4780", origin: "http://127.0.0.1:4780"}, 200},
		{"text/plain POST", "", req{method: "POST", path: "/_pushsim/devices", host: "127.0.0.1", ctype: "text/plain"}, 415},
		{"form POST", "", req{method: "POST", path: "/_pushsim/im/certificates", host: "127.0.0.1", ctype: "application/x-www-form-urlencoded"}, 415},
		{"vendor route, any host", "", req{method: "POST", path: "/meizu/garcia/api/server/push/varnished/pushByPushId", host: "evil.example", origin: "http://evil.example", ctype: "application/x-www-form-urlencoded"}, 200},
		{"REST, any host", "", req{method: "POST", path: "/v4/openim/sendmsg", host: "evil.example"}, 200},
		{"no token", "s3cret", req{path: "/_pushsim/devices", host: "127.0.0.1"}, 401},
		{"wrong token", "s3cret", req{path: "/_pushsim/devices", host: "127.0.0.1", auth: "Bearer s3cre"}, 401},
		{"basic, not bearer", "s3cret", req{path: "/_pushsim/devices", host: "127.0.0.1", auth: "Basic s3cret"}, 401},
		{"right token", "s3cret", req{path: "/_pushsim/devices", host: "127.0.0.1", auth: "Bearer s3cret"}, 200},
		{"token, im admin", "s3cret", req{path: "/_pushsim/im/certificates", host: "127.0.0.1"}, 401},
		{"token, health", "s3cret", req{path: "/_pushsim/healthz", host: "127.0.0.1"}, 401},
		{"token in the query of a data route", "s3cret", req{path: "/_pushsim/devices?access_token=s3cret", host: "127.0.0.1"}, 401},
		{"stream, wrong access_token", "s3cret", req{path: "/_pushsim/trace/stream?access_token=x", host: "127.0.0.1"}, 401},
		{"console page without the token", "s3cret", req{path: "/_pushsim/ui/", host: "127.0.0.1"}, 200},
		{"console page, rebound host", "s3cret", req{path: "/_pushsim/ui/", host: "evil.example"}, 403},
		{"token, vendor route untouched", "s3cret", req{method: "POST", path: "/meizu/garcia/api/server/push/varnished/pushByPushId", host: "127.0.0.1"}, 200},
	}
	harness.RunVirtual(t, func(ctx context.Context) {
		envs := map[string]http.Handler{}
		for _, tok := range []string{"", "s3cret"} {
			env, err := harness.Start(ctx, harness.Config{}, harness.WithVendors(protocol.VendorMeizu),
				harness.WithAdminToken(tok), harness.WithAllowedHosts("pushsim.ci"))
			if err != nil {
				t.Fatal(err)
			}
			envs[tok] = env.Handler()
		}
		for _, c := range cases {
			method := c.req.method
			if method == "" {
				method = http.MethodGet
			}
			r := httptest.NewRequest(method, "http://x"+c.req.path, strings.NewReader(""))
			r.Host = c.req.host
			for k, v := range map[string]string{"Origin": c.req.origin, "Content-Type": c.req.ctype, "Authorization": c.req.auth} {
				if v != "" {
					r.Header.Set(k, v)
				}
			}
			w := httptest.NewRecorder()
			envs[c.token].ServeHTTP(w, r)
			got := w.Code
			if c.want == 200 && got != 401 && got != 403 && got != 415 {
				got = 200 // past the guard: whatever the route answers
			}
			if got != c.want {
				t.Errorf("%s: %s %s Host %s: status %d (%s), want %d", c.name, method, c.req.path, c.req.host, w.Code, strings.TrimSpace(w.Body.String()), c.want)
			}
			if (got == 401 || got == 403 || got == 415) && !strings.Contains(w.Body.String(), `"error"`) {
				t.Errorf("%s: body %q, want a JSON error", c.name, w.Body.String())
			}
		}
	})
}

func TestIsLoopbackListen(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:4780": true, "127.1.2.3:0": true, "[::1]:4780": true, "localhost:4780": true,
		"0.0.0.0:4780": false, ":4780": false, "[::]:4780": false, "192.168.1.5:4780": false, "pushsim.example:80": false,
	} {
		if got := harness.IsLoopbackListen(addr); got != want {
			t.Errorf("IsLoopbackListen(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestStreamTakesAccessToken opens the live trace with ?access_token= (a
// browser's EventSource cannot send headers): the token is checked and
// taken out before the stream reads its filters.
func TestStreamTakesAccessToken(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, err := harness.Start(ctx, harness.Config{}, harness.WithVendors(protocol.VendorMeizu), harness.WithAdminToken("s3cret"))
		if err != nil {
			t.Fatal(err)
		}
		sctx, cancel := context.WithCancel(ctx)
		r := httptest.NewRequest(http.MethodGet, "http://x/_pushsim/trace/stream?kind=device&access_token=s3cret", nil).WithContext(sctx)
		r.Host = "127.0.0.1"
		w := httptest.NewRecorder()
		cancel() // the stream ends at once: only its first answer matters
		env.Handler().ServeHTTP(w, r)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream with ?access_token: %d %s, want 200 text/event-stream", w.Code, w.Body.String())
		}
	})
}
