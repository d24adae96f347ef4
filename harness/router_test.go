package harness_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// sendPaths is one real server API path per vendor.
var sendPaths = map[protocol.Vendor]string{
	protocol.VendorMeizu:  "/garcia/api/server/push/varnished/pushByPushId",
	protocol.VendorXiaomi: "/v3/message/regid",
	protocol.VendorHuawei: "/v1/104123457/messages:send",
	protocol.VendorHonor:  "/api/v1/104400123/sendMessage",
	protocol.VendorOPPO:   "/server/v1/message/notification/unicast",
	protocol.VendorVivo:   "/message/send",
	protocol.VendorFCM:    "/v1/projects/pushsim-chat/messages:send",
	protocol.VendorAPNs:   "/3/device/" + strings.Repeat("ab", 32),
}

// TestEveryVendorIsRoutedByPrefixAndByHost sends the same unauthenticated
// request to each vendor through /<vendor>/ and through its real Host, and
// checks both reach the vendor (same status, a vendor answer, not fakeim's).
func TestEveryVendorIsRoutedByPrefixAndByHost(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env, err := harness.Start(ctx, harness.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(harness.SupportedVendors()); got != len(protocol.Vendors) {
			t.Fatalf("%d vendors run, want all %d", got, len(protocol.Vendors))
		}
		do := func(url, host string) (int, string) {
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			if host != "" {
				req.Host = host
			}
			resp, err := env.HTTPClient().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(body)
		}
		_, imBody := do(env.URL()+"/nowhere", "")
		for _, v := range protocol.Vendors {
			srv, _ := env.Vendor(v)
			path := sendPaths[v]
			byPrefix, body := do(env.VendorURL(v)+path, "")
			for _, host := range srv.Hosts() {
				byHost, _ := do(env.URL()+path, host)
				if byHost != byPrefix {
					t.Errorf("%s: %s via Host %s answered %d, via /%s/ %d", v, path, host, byHost, v, byPrefix)
				}
			}
			if body == imBody {
				t.Errorf("%s: %s was answered by the IM server, not the vendor: %d %s", v, path, byPrefix, body)
			}
		}
	})
}

// TestAPIErrors checks every error of pushsim's own API: the status, a
// JSON body {"error": "..."} that names the problem, and that no device
// changed.
func TestAPIErrors(t *testing.T) {
	harness.RunVirtual(t, func(ctx context.Context) {
		env := startAPI(t, ctx)
		before := devicesJSON(t, env)
		for _, tc := range []struct {
			name, method, path, body string
			status                   int
			says                     string
		}{
			{"unknown device", "GET", "/_pushsim/devices/nope", "", 404, `no device "nope"`},
			{"action on an unknown device", "POST", "/_pushsim/devices/nope/launch", "", 404, `no device "nope"`},
			{"network of an unknown device", "POST", "/_pushsim/devices/nope/network", `{"state":"off"}`, 404, `no device "nope"`},
			{"tray of an unknown device", "GET", "/_pushsim/devices/nope/notifications", "", 404, `no device "nope"`},
			{"delete an unknown device", "DELETE", "/_pushsim/devices/nope", "", 404, `no device "nope"`},
			{"troubleshoot an unknown device", "GET", "/_pushsim/troubleshoot/nope", "", 404, `no device "nope"`},
			{"unknown action", "POST", "/_pushsim/devices/alice-phone/dance", "", 404, `unknown action "dance"`},
			{"unknown notification", "POST", "/_pushsim/devices/alice-phone/notifications/n1/click", "", 404, `no notification "n1"`},
			{"unknown notification with a slash", "POST", "/_pushsim/devices/alice-phone/notifications/projects%2Fp%2Fmessages%2F1/click", "", 404,
				`no notification "projects/p/messages/1"`},
			{"unknown message key", "GET", "/_pushsim/messages/1_2_3", "", 404, `no message "1_2_3"`},
			{"unknown vendor", "GET", "/_pushsim/vendors/nokia/messages", "", 404, `no vendor mock "nokia"`},
			{"unknown route", "GET", "/_pushsim/nowhere", "", 404, "no pushsim route GET /_pushsim/nowhere"},
			{"network: bad JSON", "POST", "/_pushsim/devices/alice-phone/network", `{"state":`, 400, "bad JSON"},
			{"network: empty body", "POST", "/_pushsim/devices/alice-phone/network", "", 400, "empty body"},
			{"network: unknown field", "POST", "/_pushsim/devices/alice-phone/network", `{"state":"off","speed":3}`, 400, `unknown field "speed"`},
			{"network: bad state", "POST", "/_pushsim/devices/alice-phone/network", `{"state":"sideways"}`, 400, `state "sideways"`},
			{"create: bad JSON", "POST", "/_pushsim/devices", `{"id":`, 400, "bad JSON"},
			{"create: two values", "POST", "/_pushsim/devices", `{} {}`, 400, "more than one value"},
			{"create: unknown field", "POST", "/_pushsim/devices", `{"id":"x","colour":"red"}`, 400, `unknown field "colour"`},
			{"create: missing fields", "POST", "/_pushsim/devices", `{"id":"x"}`, 400, "user: required"},
			{"create: unknown brand", "POST", "/_pushsim/devices", `{"id":"x","brand":"nokia","user":"u","app":{"package":"p"}}`, 400, "brand"},
			{"create: bad user ID", "POST", "/_pushsim/devices", `{"id":"x","brand":"meizu","user":"a b","app":{"package":"p"}}`, 400, "user"},
			{"create: duplicate ID", "POST", "/_pushsim/devices", `{"id":"alice-phone","brand":"meizu","user":"alice","app":{"package":"p"}}`, 409, "already exists"},
			{"login before launch", "POST", "/_pushsim/devices/alice-phone/login", "", 409, "launch it first"},
			{"logout while logged out", "POST", "/_pushsim/devices/alice-phone/logout", "", 409, "logout alice-phone: "},
			{"trace: bad since", "GET", "/_pushsim/trace?since=yesterday", "", 400, `since "yesterday"`},
			{"trace: negative since", "GET", "/_pushsim/trace?since=-5", "", 400, "negative"},
			{"trace: unknown filter", "GET", "/_pushsim/trace?devcie=alice-phone", "", 400, `unknown trace filter "devcie"`},
			{"wrong method on the list", "PUT", "/_pushsim/devices", "", 405, "use GET or POST"},
			{"wrong method on a device", "POST", "/_pushsim/devices/alice-phone", "", 405, "use DELETE or GET"},
			{"wrong method on an action", "GET", "/_pushsim/devices/alice-phone/launch", "", 405, "use POST"},
			{"wrong method on network", "GET", "/_pushsim/devices/alice-phone/network", "", 405, "use POST"},
			{"wrong method on a click", "GET", "/_pushsim/devices/alice-phone/notifications/n1/click", "", 405, "use POST"},
			{"wrong method on the tray", "DELETE", "/_pushsim/devices/alice-phone/notifications", "", 405, "use GET"},
			{"wrong method on a message", "DELETE", "/_pushsim/messages/1_2_3", "", 405, "use GET"},
			{"wrong method on the trace", "POST", "/_pushsim/trace", "", 405, "use GET"},
			{"wrong method on vendor messages", "POST", "/_pushsim/vendors/meizu/messages", "", 405, "use DELETE or GET"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, raw := call(t, env, tc.method, tc.path, tc.body)
				var body struct{ Error string }
				if err := json.Unmarshal(raw, &body); err != nil {
					t.Fatalf("%s %s: body %q is not JSON: %v", tc.method, tc.path, raw, err)
				}
				if status != tc.status || !strings.Contains(body.Error, tc.says) {
					t.Errorf("%s %s = %d %q, want %d and an error saying %q", tc.method, tc.path, status, body.Error, tc.status, tc.says)
				}
			})
		}
		if after := devicesJSON(t, env); after != before {
			t.Errorf("the errors changed the devices:\nbefore %s\nafter  %s", before, after)
		}
	})
}

// devicesJSON is GET /_pushsim/devices as text.
func devicesJSON(t *testing.T, env *harness.Env) string {
	t.Helper()
	status, raw := call(t, env, http.MethodGet, "/_pushsim/devices", "")
	if status != http.StatusOK {
		t.Fatalf("GET /_pushsim/devices = %d %s", status, raw)
	}
	return string(raw)
}
