package harness_test

import (
	"context"
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
