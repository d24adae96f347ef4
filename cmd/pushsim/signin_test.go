package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

// mintSig runs `pushsim usersig` and returns the UserSig it printed.
func mintSig(t *testing.T, sdkappid, key, user string) string {
	t.Helper()
	var stdout, stderr strings.Builder
	if err := run(t.Context(), []string{"usersig", "--sdkappid", sdkappid, "--key", key, "--user", user}, &stdout, &stderr); err != nil {
		t.Fatalf("usersig: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

// sendmsg posts openim/sendmsg signed with sig and returns the envelope.
func sendmsg(t *testing.T, base, sdkappid, sig string) (status string, code int) {
	t.Helper()
	q := url.Values{"sdkappid": {sdkappid}, "identifier": {"administrator"}, "usersig": {sig},
		"random": {"99999"}, "contenttype": {"json"}}
	var out struct {
		ActionStatus string
		ErrorCode    int
		MsgKey       string
	}
	postJSON(t, &http.Client{Timeout: 10 * time.Second}, base+"/v4/openim/sendmsg?"+q.Encode(), map[string]any{
		"SyncOtherMachine": 2, "From_Account": "bob", "To_Account": "alice", "MsgRandom": 1287657,
		"MsgBody": []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "hi"}}},
		"OfflinePushInfo": map[string]any{"PushFlag": 0, "Title": "Bob", "Desc": "hi there", "Ext": `{"conv":"c2c_bob"}`,
			"AndroidInfo": map[string]any{"VIVOClassification": 1}},
	}, &out)
	return out.ActionStatus, out.ErrorCode
}

func TestServeSignIn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		config   string
		args     []string
		line     string // the stderr line about the IM
		key      string // a key that signs (empty: none known)
		rejected string // a key that must not sign
	}{
		{"--secret-key wins over the config", serveConfig, []string{"--secret-key", "from-the-flag"},
			"pushsim im sdkappid 1400000001, admin administrator, secret key set by --secret-key\n", "from-the-flag", "k3y-for-tests"},
		{"the config's key", serveConfig, nil,
			"pushsim im sdkappid 1400000001, admin administrator, secret key set by im.secret_key\n", "k3y-for-tests", ""},
		{"random without either", strings.Replace(serveConfig, `secret_key: "k3y-for-tests"`, "", 1), nil,
			"pushsim im sdkappid 1400000001, admin administrator, secret key random, not shown (pass --secret-key K to mint UserSigs with pushsim usersig)\n",
			"", seed.Root(7).Hex(64, "im", "secret_key")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, stderr := startServeWith(t, tc.config, tc.args...)
			if !strings.Contains(stderr, tc.line) {
				t.Errorf("stderr:\n%s\nwant the line %q", stderr, tc.line)
			}
			if strings.Contains(stderr, "k3y-for-tests") || strings.Contains(stderr, "from-the-flag") {
				t.Errorf("stderr shows the secret key:\n%s", stderr)
			}
			if tc.key != "" {
				if st, code := sendmsg(t, base, "1400000001", mintSig(t, "1400000001", tc.key, "administrator")); st != "OK" || code != 0 {
					t.Errorf("sendmsg signed with %q = %s %d, want OK", tc.key, st, code)
				}
			}
			if tc.rejected != "" {
				if st, code := sendmsg(t, base, "1400000001", mintSig(t, "1400000001", tc.rejected, "administrator")); st != "FAIL" || code != 70009 {
					t.Errorf("sendmsg signed with %q = %s %d, want FAIL 70009", tc.rejected, st, code)
				}
			}
		})
	}
}

// certInfo is what GET /_pushsim/im/certificates reports per certificate.
type certInfo struct {
	ID        int64  `json:"id"`
	Active    bool   `json:"active"`
	CreatedAt string `json:"created_at"`
	ActiveAt  string `json:"active_at"`
}

func getCerts(t *testing.T, base string) []certInfo {
	t.Helper()
	resp, err := http.Get(base + "/_pushsim/im/certificates")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []certInfo
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func rfc3339(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("%q is not RFC 3339: %v", s, err)
	}
	return v
}

func TestServeCertificatesInRealTime(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		line   string
		within time.Duration // active_at - created_at in [0, within]
		active bool
	}{
		{"default 10 minutes", nil, "certificates take effect within 10m0s of a change", 10 * time.Minute, false},
		{"--activation-delay 1h", []string{"--activation-delay", "1h"}, "within 1h0m0s", time.Hour, false},
		{"--activation-delay 0s", []string{"--activation-delay", "0s"}, "certificates take effect at once", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, stderr := startServeWith(t, serveConfig, tc.args...)
			if !strings.Contains(stderr, tc.line) {
				t.Errorf("stderr:\n%s\nwant %q", stderr, tc.line)
			}
			certs := getCerts(t, base)
			if len(certs) != 1 || certs[0].ID != 6666 {
				t.Fatalf("certificates = %+v", certs)
			}
			c := certs[0]
			wait := rfc3339(t, c.ActiveAt).Sub(rfc3339(t, c.CreatedAt))
			if wait < 0 || wait > tc.within || (tc.active && !c.Active) {
				t.Fatalf("certificate %+v: active in %v, want within %v (active %v)", c, wait, tc.within, tc.active)
			}

			before := time.Now()
			resp, err := http.Post(base+"/_pushsim/im/certificates/6666/activate", "application/json", nil)
			if err != nil {
				t.Fatal(err)
			}
			var got certInfo
			json.NewDecoder(resp.Body).Decode(&got)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !got.Active || rfc3339(t, got.ActiveAt).After(time.Now()) {
				t.Fatalf("activate = %d %+v, want 200 and active by now", resp.StatusCode, got)
			}
			if !tc.active && rfc3339(t, got.ActiveAt).Before(before.Add(-time.Second)) {
				t.Fatalf("activate moved active_at to %s, before the call (%v)", got.ActiveAt, before)
			}
			if c := getCerts(t, base); !c[0].Active {
				t.Fatalf("after activate: %+v", c)
			}

			resp, err = http.Post(base+"/_pushsim/im/certificates/4242/activate", "application/json", nil)
			if err != nil {
				t.Fatal(err)
			}
			var e struct{ Error string }
			json.NewDecoder(resp.Body).Decode(&e)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(e.Error, "4242") {
				t.Fatalf("activate unknown = %d %+v, want 404 with a JSON error", resp.StatusCode, e)
			}
		})
	}
}

func TestServeFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--activation-delay", "-1s"},
		{"--activation-delay", "soon"},
		{"stray"},
	} {
		var stdout, stderr strings.Builder
		err := run(t.Context(), append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), &stdout, &stderr)
		if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "usage: pushsim serve") || stdout.Len() != 0 {
			t.Errorf("serve %v = %v\n%s\nwant a usage error", args, err, stderr.String())
		}
	}
}
