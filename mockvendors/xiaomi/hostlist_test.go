package xiaomi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

const cnList = "api.xmpush.xiaomi.com:1:90:10:5,lg.api.xmpush.xiaomi.com:1:90:10:5,c3.xmpush.xiaomi.com:1:90:10:5"

func TestHostList(t *testing.T) {
	for _, tc := range []struct{ host, want string }{
		{"api.xmpush.xiaomi.com", cnList},
		{"C3.xmpush.xiaomi.com:443", cnList},
		{"emq.xmpush.xiaomi.com", cnList},
		{"127.0.0.1:4780", cnList},
		{"sgp-api.xmpush.global.xiaomi.com", "sgp-api.xmpush.global.xiaomi.com:1:90:10:5"},
		{"api.xmpush.global.xiaomi.com:443", "api.xmpush.global.xiaomi.com:1:90:10:5"},
		{"evil.xmpush.global.xiaomi.com", cnList},
	} {
		if got := xiaomi.HostList(tc.host); got != tc.want {
			t.Errorf("HostList(%q) = %q, want %q", tc.host, got, tc.want)
		}
	}
	// Every listed host is served, so a client that switches to one of
	// them reaches the mock.
	for _, entry := range strings.Split(cnList, ",") {
		host, _, _ := strings.Cut(entry, ":")
		found := false
		for _, h := range xiaomi.Hosts {
			found = found || h == host
		}
		if !found {
			t.Errorf("the host list names %s, which is not in Hosts", host)
		}
	}
}

// TestHostListHeader: the official SDKs send X-PUSH-HOST-LIST: true and
// read the list back from the same header, spelt exactly so.
func TestHostListHeader(t *testing.T) {
	for _, tc := range []struct {
		name, path, header, value string
		want                      string
	}{
		{"asked", xiaomi.PathRegID, xiaomi.HostListHeader, "true", cnList},
		{"asked the Ruby way", xiaomi.PathRegID, xiaomi.HostListHeaderAlt, "true", cnList},
		{"not asked", xiaomi.PathRegID, "", "", ""},
		{"asked false", xiaomi.PathRegID, xiaomi.HostListHeader, "false", ""},
		{"on an API not mocked", "/v1/trace/message/status", xiaomi.HostListHeader, "true", cnList},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, apiURL+tc.path, strings.NewReader("registration_id=x"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Authorization", "key="+secret)
				if tc.header != "" {
					req.Header.Set(tc.header, tc.value)
				}
				resp, err := e.HC.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if got := resp.Header.Get(xiaomi.HostListHeader); got != tc.want || resp.StatusCode != http.StatusOK {
					t.Fatalf("HTTP %d, %s header %q, want %q", resp.StatusCode, xiaomi.HostListHeader, got, tc.want)
				}
			})
		})
	}
	// The name is written as spelt (Go's client would canonicalize it on
	// reading, so look at the handler's own header map).
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		req := httptest.NewRequest(http.MethodPost, "/v3/message/regid", strings.NewReader("registration_id=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(xiaomi.HostListHeader, "true")
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		//lint:ignore SA1008 the SDKs read the header spelt exactly as Xiaomi spells it, so the mock writes it that way
		if v := rec.Header()[xiaomi.HostListHeader]; len(v) != 1 || v[0] != cnList {
			t.Fatalf("header map %v, want the key %s spelt as is", rec.Header(), xiaomi.HostListHeader)
		}
	})
}

// TestFeedbackTakenOffline: Xiaomi took the invalid-regId feedback API
// offline; the mock answers 10020 pointing to type-16 receipts, unless
// WithLegacyFeedback serves the old list.
func TestFeedbackTakenOffline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		r := e.call(http.MethodGet, xiaomi.PathInvalidRegIDs, nil)
		if r.Result != xiaomi.ResultError || r.Code != xiaomi.CodeAPINotFound || r.Data != nil ||
			!strings.Contains(r.Reason, "taken offline") || !strings.Contains(r.Reason, "callback.type 16") {
			t.Fatalf("fetch_invalid_regids = %+v, want 10020 pointing to type-16 receipts", r)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, xiaomi.WithLegacyFeedback())
		if r := e.call(http.MethodGet, xiaomi.PathInvalidRegIDs, nil); !r.OK() || r.Data == nil {
			t.Fatalf("fetch_invalid_regids WithLegacyFeedback = %+v, want the list", r)
		}
	})
}
