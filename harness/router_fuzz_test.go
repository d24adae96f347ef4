package harness_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/harness"
)

// adminRoutes are the /_pushsim/ routes that read a path segment, a query
// or a body; "{}" is replaced by the fuzzed segment.
var adminRoutes = []struct{ method, path string }{
	{"POST", "/_pushsim/devices"}, {"GET", "/_pushsim/devices/{}"}, {"DELETE", "/_pushsim/devices/{}"},
	{"POST", "/_pushsim/devices/alice-phone/{}"}, {"POST", "/_pushsim/devices/{}/network"},
	{"GET", "/_pushsim/devices/{}/notifications"}, {"POST", "/_pushsim/devices/alice-phone/notifications/{}/click"},
	{"GET", "/_pushsim/messages/{}"}, {"GET", "/_pushsim/trace"}, {"GET", "/_pushsim/troubleshoot/{}"},
	{"GET", "/_pushsim/vendors/meizu/messages"}, {"DELETE", "/_pushsim/vendors/meizu/messages"},
	{"GET", "/_pushsim/vendors/meizu/faults"}, {"POST", "/_pushsim/vendors/meizu/faults"},
	{"PUT", "/_pushsim/vendors/meizu/faults"}, {"DELETE", "/_pushsim/vendors/meizu/faults"},
	{"GET", "/_pushsim/vendors/{}/faults"}, {"GET", "/_pushsim/faults/coverage"},
	{"POST", "/_pushsim/im/certificates"}, {"GET", "/_pushsim/im/certificates/{}"},
	{"DELETE", "/_pushsim/im/certificates/{}"}, {"POST", "/_pushsim/im/certificates/{}/activate"},
	{"GET", "/_pushsim/im/instances"},
}

// FuzzAdminRoutes sends a fuzzed path segment, query and JSON body to
// every /_pushsim/ route of a running environment: no answer is a 500,
// every answer is JSON (or an empty 204), and every 4xx/5xx carries {"error": "..."}.
func FuzzAdminRoutes(f *testing.F) {
	for i := range adminRoutes {
		f.Add(uint8(i), "alice-phone", "", "")
		f.Add(uint8(i), "6666", "limit=2&after=1", `{"state":"off"}`)
	}
	f.Add(uint8(0), "", "", `{"id":"p2","brand":"meizu","rom":"flyme-9","user":"bob","app":{"package":"com.example.chat","certificate":6666}}`)
	f.Add(uint8(8), "", "limit=-1&after=x&kind=im.route", "")
	f.Add(uint8(13), "", "", `{"rules":[{"op":"push","action":"error","code":"110001"}]}`)
	f.Add(uint8(18), "", "", `{"id":7,"vendor":"xiaomi","app_secret":"s","activation_delay":"1s"}`)
	f.Add(uint8(4), "alice-phone", "", `{"state":"lossy","loss":2}`)
	f.Fuzz(func(t *testing.T, pick uint8, seg, query, body string) {
		r := adminRoutes[int(pick)%len(adminRoutes)]
		path := strings.ReplaceAll(r.path, "{}", url.PathEscape(seg))
		// The query is sent as a client would: re-encoded, or escaped as a
		// whole when it does not parse (a raw space is no HTTP request line).
		if vals, err := url.ParseQuery(query); err == nil && query != "" {
			path += "?" + vals.Encode()
		} else if query != "" {
			path += "?" + url.QueryEscape(query)
		}
		harness.RunVirtual(t, func(ctx context.Context) {
			env := startAPI(t, ctx)
			status, raw, err := request(env, r.method, path, body)
			if err != nil {
				t.Errorf("%s %s: %v", r.method, path, err)
				return
			}
			var answer any
			if status == 204 && len(raw) == 0 {
				return
			}
			if json.Unmarshal(raw, &answer) != nil {
				t.Errorf("%s %s = %d, not JSON: %q", r.method, path, status, raw)
				return
			}
			if status == 500 {
				t.Errorf("%s %s %q = 500 %s", r.method, path, body, raw)
			}
			if status >= 400 {
				m, _ := answer.(map[string]any)
				if msg, _ := m["error"].(string); msg == "" {
					t.Errorf("%s %s = %d without an error message: %s", r.method, path, status, raw)
				}
			}
		})
	})
}
