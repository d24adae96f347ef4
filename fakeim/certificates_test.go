package fakeim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestCertificateActivation(t *testing.T) {
	bubble(t, Config{Seed: 7}, func(e *env) {
		start := time.Now()
		cert := protocol.Certificate{ID: testCertID, Vendor: protocol.VendorMeizu, Package: "com.example.chat"}
		if err := e.srv.AddCertificate(CertificateSpec{Certificate: cert}); err != nil {
			t.Fatal(err)
		}
		info, _ := e.srv.Certificate(testCertID)
		wait := info.ActiveAt.Sub(start)
		if wait <= 0 || wait >= DefaultActivationDelay || info.Active {
			t.Fatalf("activation in %v (active %v), want within (0, 10m)", wait, info.Active)
		}
		want := e.srv.cfg.Seed.Duration(DefaultActivationDelay, "im", "certificate", "6666", "activation", "1").Truncate(time.Millisecond)
		if wait != want {
			t.Fatalf("activation in %v, want the seeded %v", wait, want)
		}

		d := e.dial("phone")
		d.loginAs("alice", "Android")
		d.bind(testCertID, "tok")
		d.kill()
		time.Sleep(wait - time.Millisecond)
		if r := e.route(e.send("alice", "early", nil), "phone"); r.Reason != protocol.ReasonCertificateInactive {
			t.Fatalf("1 ms before activation: %+v", r)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if r := e.route(e.send("alice", "on time", nil), "phone"); r.Reason != protocol.ReasonNone {
			t.Fatalf("at activation: %+v", r)
		}
		if info, _ := e.srv.Certificate(testCertID); !info.Active || info.EffectiveVersion != 1 {
			t.Fatalf("info after activation = %+v", info)
		}
		var events []string
		for _, ev := range e.trace.Events() {
			if ev.Kind == trace.IMCertificate {
				events = append(events, ev.Detail("event")+"@"+ev.At.Sub(start).String())
			}
		}
		if got := strings.Join(events, " "); got != "added@0s active@"+wait.String() {
			t.Fatalf("certificate events: %s", got)
		}

		// A change: the previous version stays in effect until the new one's moment.
		cert.Click = protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://example.com"}
		changed := time.Now()
		e.srv.AddCertificate(CertificateSpec{Certificate: cert, ActivationDelay: time.Hour})
		info, _ = e.srv.Certificate(testCertID)
		if info.Version != 2 || info.EffectiveVersion != 1 || !info.Active {
			t.Fatalf("after a change: %+v", info)
		}
		time.Sleep(info.ActiveAt.Sub(changed))
		synctest.Wait()
		if info, _ = e.srv.Certificate(testCertID); info.EffectiveVersion != 2 {
			t.Fatalf("after the change's moment: %+v", info)
		}
	})
}

func TestAddCertificateValidation(t *testing.T) {
	tests := []struct {
		name string
		cert protocol.Certificate
	}{
		{"no ID", protocol.Certificate{Vendor: protocol.VendorMeizu}},
		{"unknown vendor", protocol.Certificate{ID: 1, Vendor: "nokia"}},
		{"ftp URL", protocol.Certificate{ID: 1, Vendor: protocol.VendorMeizu, Click: protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "ftp://x"}}},
		{"activity without class", protocol.Certificate{ID: 1, Vendor: protocol.VendorMeizu, Click: protocol.ClickAction{Action: protocol.ClickOpenActivity}}},
		{"unknown action", protocol.Certificate{ID: 1, Vendor: protocol.VendorMeizu, Click: protocol.ClickAction{Action: "dance"}}},
	}
	srv, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := srv.AddCertificate(CertificateSpec{Certificate: tt.cert, ActivationDelay: Immediate}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if err := srv.AddCertificate(CertificateSpec{Certificate: protocol.Certificate{ID: 1, Vendor: "MEIZU"}, ActivationDelay: Immediate}); err != nil {
		t.Fatalf("vendor names are case-insensitive: %v", err)
	}
}

func TestCertificateAPI(t *testing.T) {
	bubble(t, Config{Seed: 3}, func(e *env) {
		post := func(body string) (int, map[string]any) {
			status, data := e.do(http.MethodPost, "/_pushsim/im/certificates", body)
			var out map[string]any
			json.Unmarshal(data, &out)
			return status, out
		}
		status, out := post(`{"id":6666,"vendor":"meizu","package":"com.example.chat","app_id":"123","app_secret":"s3cr3t",
			"click":{"action":"open_activity","activity":"com.example.chat.ChatActivity"},"activation_delay":"0s"}`)
		if status != http.StatusCreated || out["active"] != true || out["vendor"] != "meizu" {
			t.Fatalf("POST = %d %v", status, out)
		}
		if status, out = post(`{"id":7,"vendor":"xiaomi","activation_delay":"5m"}`); status != http.StatusCreated || out["active"] != false {
			t.Fatalf("POST with a delay = %d %v", status, out)
		}
		for _, bad := range []string{
			`{"id":1,"vendor":"meizu","click":{"action":"open_url","url":"javascript:alert(1)"}}`,
			`{"id":1,"vendor":"meizu","app_sekret":"typo"}`,
			`{"id":1,"vendor":"meizu","activation_delay":"soon"}`,
			`{"id":1,"vendor":"meizu","activation_delay":"-1m"}`,
			`{"vendor":"meizu"}`,
			`not json`,
		} {
			if status, out := post(bad); status != http.StatusBadRequest || out["error"] == "" {
				t.Fatalf("POST %s = %d %v, want 400 with an error", bad, status, out)
			}
		}
		status, list := e.do(http.MethodGet, "/_pushsim/im/certificates", "")
		if status != http.StatusOK || strings.Contains(string(list), "s3cr3t") || !strings.Contains(string(list), `"app_secret"`) {
			t.Fatalf("GET list = %d %s", status, list)
		}
		var infos []CertificateInfo
		json.Unmarshal(list, &infos)
		if len(infos) != 2 || infos[0].ID != 7 || infos[1].ID != 6666 {
			t.Fatalf("list = %+v", infos)
		}
		if status, _ := e.do(http.MethodGet, "/_pushsim/im/certificates/6666", ""); status != http.StatusOK {
			t.Fatalf("GET one = %d", status)
		}
		if status, _ := e.do(http.MethodGet, "/_pushsim/im/certificates/99", ""); status != http.StatusNotFound {
			t.Fatalf("GET missing = %d", status)
		}
		if status, _ := e.do(http.MethodGet, "/_pushsim/im/certificates/abc", ""); status != http.StatusBadRequest {
			t.Fatalf("GET bad ID = %d", status)
		}
		if status, _ := e.do(http.MethodDelete, "/_pushsim/im/certificates/6666", ""); status != http.StatusOK {
			t.Fatalf("DELETE = %d", status)
		}
		if status, _ := e.do(http.MethodDelete, "/_pushsim/im/certificates/6666", ""); status != http.StatusNotFound {
			t.Fatalf("DELETE again = %d", status)
		}
		if status, _ := e.do(http.MethodPut, "/_pushsim/im/certificates", "{}"); status != http.StatusMethodNotAllowed {
			t.Fatalf("PUT = %d", status)
		}
		if status, _ := e.do(http.MethodGet, "/_pushsim/im/nothing", ""); status != http.StatusNotFound {
			t.Fatalf("unknown endpoint = %d", status)
		}
	})
}

func TestInstancesAPI(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		d := e.dial("phone")
		d.loginAs("alice", "Android")
		d.bind(testCertID, "tok-1")
		d.kill()
		status, data := e.do(http.MethodGet, "/_pushsim/im/instances", "")
		var got []InstanceInfo
		json.Unmarshal(data, &got)
		if status != http.StatusOK || len(got) != 1 {
			t.Fatalf("GET instances = %d %s", status, data)
		}
		g := got[0]
		if g.User != "alice" || g.Instance != "phone" || g.Platform != "Android" || g.State != StatePushOnline ||
			g.Cause != CauseLinkClose || g.CertificateID != testCertID || g.Token != "tok-1" || g.Connected {
			t.Fatalf("instance = %+v", g)
		}
	})
}

func TestActivationDelayConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     time.Duration
		body    string
		maxWait time.Duration // active_at - now must be in [0, maxWait)
		active  bool
	}{
		{"default 10m", 0, `{"id":1,"vendor":"meizu"}`, DefaultActivationDelay, false},
		{"server default 1m", time.Minute, `{"id":1,"vendor":"meizu"}`, time.Minute, false},
		{"server default immediate", Immediate, `{"id":1,"vendor":"meizu"}`, time.Nanosecond, true},
		{"body wins over server default", time.Minute, `{"id":1,"vendor":"meizu","activation_delay":"0s"}`, time.Nanosecond, true},
		{"body delay", Immediate, `{"id":1,"vendor":"meizu","activation_delay":"1h"}`, time.Hour, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bubble(t, Config{Seed: 11, ActivationDelay: tc.cfg}, func(e *env) {
				now := time.Now()
				status, data := e.do(http.MethodPost, "/_pushsim/im/certificates", tc.body)
				var info struct {
					ActiveAt string `json:"active_at"`
					Active   bool   `json:"active"`
				}
				jsonUnmarshal(t, data, &info)
				at, err := time.Parse(time.RFC3339, info.ActiveAt)
				if status != http.StatusCreated || err != nil {
					t.Fatalf("POST = %d %s (active_at: %v)", status, data, err)
				}
				if wait := at.Sub(now); wait < 0 || wait >= tc.maxWait || info.Active != tc.active {
					t.Fatalf("active_at in %v (active %v), want in [0, %v) and active %v", wait, info.Active, tc.maxWait, tc.active)
				}
			})
		})
	}
}

func TestActivateCertificate(t *testing.T) {
	bubble(t, Config{Seed: 5}, func(e *env) {
		cert := protocol.Certificate{ID: testCertID, Vendor: protocol.VendorMeizu, Package: "com.example.chat"}
		if err := e.srv.AddCertificate(CertificateSpec{Certificate: cert, ActivationDelay: time.Hour}); err != nil {
			t.Fatal(err)
		}
		cert.Package = "com.example.chat2"
		if err := e.srv.AddCertificate(CertificateSpec{Certificate: cert, ActivationDelay: time.Hour}); err != nil {
			t.Fatal(err)
		}
		d := e.dial("phone")
		d.loginAs("alice", "Android")
		d.bind(testCertID, "tok")
		d.kill()
		if r := e.route(e.send("alice", "before", nil), "phone"); r.Reason != protocol.ReasonCertificateInactive {
			t.Fatalf("before activation: %+v", r)
		}

		start := time.Now()
		status, data := e.do(http.MethodPost, "/_pushsim/im/certificates/6666/activate", "")
		var info CertificateInfo
		jsonUnmarshal(t, data, &info)
		if status != http.StatusOK || !info.Active || info.EffectiveVersion != 2 || !info.ActiveAt.Equal(start) {
			t.Fatalf("activate = %d %s, want 200, version 2 active at %v", status, data, start)
		}
		if r := e.route(e.send("alice", "after", nil), "phone"); r.Reason != protocol.ReasonNone {
			t.Fatalf("after activation: %+v", r)
		}
		// The pending timers are gone: an hour later nothing changes.
		time.Sleep(time.Hour)
		synctest.Wait()
		var events []string
		for _, ev := range e.trace.Events() {
			if ev.Kind == trace.IMCertificate {
				events = append(events, ev.Detail("version")+":"+ev.Detail("event"))
			}
		}
		if got, want := strings.Join(events, " "), "1:added 2:changed 1:superseded 2:active"; got != want {
			t.Fatalf("certificate events %q, want %q", got, want)
		}
		// Activating a certificate already in effect changes nothing.
		if again, err := e.srv.ActivateCertificate(testCertID); err != nil || !again.ActiveAt.Equal(start) {
			t.Fatalf("second activation = %+v, %v", again, err)
		}

		for _, tc := range []struct {
			method, path string
			status       int
		}{
			{http.MethodPost, "/_pushsim/im/certificates/99/activate", http.StatusNotFound},
			{http.MethodPost, "/_pushsim/im/certificates/abc/activate", http.StatusBadRequest},
			{http.MethodGet, "/_pushsim/im/certificates/6666/activate", http.StatusMethodNotAllowed},
		} {
			status, data := e.do(tc.method, tc.path, "")
			var out map[string]string
			jsonUnmarshal(t, data, &out)
			if status != tc.status || out["error"] == "" {
				t.Errorf("%s %s = %d %s, want %d with a JSON error", tc.method, tc.path, status, data, tc.status)
			}
		}
		if _, err := e.srv.ActivateCertificate(42); !errors.Is(err, ErrCertificateNotFound) {
			t.Errorf("ActivateCertificate(42) = %v, want ErrCertificateNotFound", err)
		}
	})
}
