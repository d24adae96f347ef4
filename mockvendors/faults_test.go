package mockvendors_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

func TestParseFaultRules(t *testing.T) {
	cases := []struct {
		name, in, err string
		n             int
	}{
		{"drop", `{"name":"d","drop":true,"probability":0.1}`, "", 1},
		{"array", `[{"name":"a","down":true,"from":"5m","until":"10m"},{"name":"b","error":{"code":10017}}]`, "", 2},
		{"string code", `{"name":"e","error":{"code":"80300007"}}`, "", 1},
		{"reason", `{"name":"e","op":"auth","error":{"reason":"vendor_auth_failed"}}`, "", 1},
		{"latency lognormal", `{"name":"l","latency":{"median":"4s","p99":"30s"}}`, "", 1},
		{"latency uniform", `{"name":"l","latency":{"min":"1s","max":"2s"}}`, "", 1},
		{"quota", `{"name":"q","quota":{"limit":100,"per":"24h"}}`, "", 1},
		{"ramp", `{"name":"r","ramp":{"from":"0m","to":"30m","error_probability":[0,0.8]}}`, "", 1},
		{"empty", ``, "empty body", 0},
		{"no name", `{"drop":true}`, "name", 0},
		{"two kinds", `{"name":"x","drop":true,"down":true}`, "exactly one", 0},
		{"no kind", `{"name":"x"}`, "exactly one", 0},
		{"unknown key", `{"name":"x","drop":true,"dorp":1}`, "unknown field", 0},
		{"bad probability", `{"name":"x","drop":true,"probability":2}`, "probability", 0},
		{"bad duration", `{"name":"x","down":true,"from":"soon"}`, "not a duration", 0},
		{"until before from", `{"name":"x","down":true,"from":"5m","until":"1m"}`, "not after", 0},
		{"drop on auth", `{"name":"x","op":"auth","drop":true}`, "push only", 0},
		{"bad reason", `{"name":"x","error":{"reason":"kicked"}}`, "error reason", 0},
		{"code and reason", `{"name":"x","error":{"code":1,"reason":"vendor_error"}}`, "not both", 0},
		{"bad ramp", `{"name":"x","ramp":{"from":"5m","to":"1m","error_probability":[0,1]}}`, "ramp", 0},
		{"bad quota", `{"name":"x","quota":{"limit":-1,"per":"1h"}}`, "quota", 0},
		{"latency two shapes", `{"name":"x","latency":{"fixed":"1s","median":"1s"}}`, "latency", 0},
		{"duplicate names", `[{"name":"x","drop":true},{"name":"x","down":true}]`, "twice", 0},
		{"trailing", `{"name":"x","drop":true} {}`, "trailing", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rules, err := mockvendors.ParseFaultRules([]byte(c.in))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error %v, want one containing %q", err, c.err)
			case len(rules) != c.n:
				t.Fatalf("%d rules, want %d", len(rules), c.n)
			}
		})
	}
}

func FuzzParseFaultRules(f *testing.F) {
	for _, s := range []string{`{"name":"d","drop":true,"probability":0.1}`, `[{"name":"a","down":true,"from":"5m"}]`,
		`{"name":"r","ramp":{"from":"0s","to":"1m","error_probability":[0,1]},"match":{"token":"t"}}`,
		`{"name":"q","quota":{"limit":1,"per":"1h"}}`, `{"name":"l","latency":{"fixed":"1s"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := mockvendors.ParseFaultRules(data)
		if err != nil {
			return
		}
		fs := mockvendors.NewFaults(protocol.VendorXiaomi, 1, nil)
		if err := fs.Add(rules...); err != nil {
			t.Fatalf("parsed rules refused by Add: %v", err)
		}
		if len(fs.Coverage()) != len(rules) {
			t.Fatalf("coverage of %d rules for %d", len(fs.Coverage()), len(rules))
		}
		// A parsed rule runs: a call through it must not panic except
		// for the deliberate abort of a down vendor.
		h := fs.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}), mockvendors.FaultAnswers{
			Codes: map[protocol.Reason]string{protocol.ReasonVendorError: "1", protocol.ReasonVendorUnavailable: "2"},
			Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) { w.WriteHeader(500) },
		})
		synctest.Test(t, func(t *testing.T) {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/v3/message/regid", strings.NewReader("t=1")))
		})
		fs.Delivery("m1", "t")
	})
}

// fates sends n calls with distinct bodies through rules and returns which
// were answered with a fault (by status).
func fates(t *testing.T, root seed.Root, n int, rules ...mockvendors.FaultRule) []bool {
	t.Helper()
	fs := mockvendors.NewFaults(protocol.VendorXiaomi, root, nil)
	if err := fs.Add(rules...); err != nil {
		t.Fatal(err)
	}
	h := fs.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}), mockvendors.FaultAnswers{
		Codes: map[protocol.Reason]string{protocol.ReasonVendorError: "10001", protocol.ReasonVendorQuotaExceeded: "200002"},
		Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
			w.Header().Set("X-Code", code)
			w.WriteHeader(599)
		},
	})
	out := make([]bool, n)
	for i := range n {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v3/message/regid", strings.NewReader("msg="+itoa(i))))
		out[i] = rec.Code == 599
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func p(v float64) *float64 { return &v }

// Same seed, same fates; another seed, other fates; the rate is near the
// probability.
func TestFaultFatesFollowTheSeed(t *testing.T) {
	rule := mockvendors.FaultRule{Name: "xiaomi-5xx", Probability: p(0.3), Error: &mockvendors.FaultError{}}
	a, b, c := fates(t, 7, 1000, rule), fates(t, 7, 1000, rule), fates(t, 8, 1000, rule)
	if n := count(a); n < 250 || n > 350 {
		t.Errorf("%d of 1000 errors at probability 0.3", n)
	}
	same, differ := true, false
	for i := range a {
		same = same && a[i] == b[i]
		differ = differ || a[i] != c[i]
	}
	if !same || !differ {
		t.Errorf("same seed same fates: %v; other seed other fates: %v", same, differ)
	}
	renamed := rule
	renamed.Name = "other-name"
	if d := fates(t, 7, 1000, renamed); slicesEqual(a, d) {
		t.Error("a rule of another name draws the same fates")
	}
}

func slicesEqual(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestQuotaRefusesOverTheLimit(t *testing.T) {
	got := fates(t, 1, 12, mockvendors.FaultRule{Name: "q", Quota: &mockvendors.FaultQuota{Limit: 10, Per: mockvendors.Span(24 * time.Hour)}})
	for i, refused := range got {
		if refused != (i >= 10) {
			t.Errorf("call %d refused: %v", i+1, refused)
		}
	}
}

// from/until and ramps run on simulated time from when the rule was
// added; match narrows a rule to calls naming the token.
func TestWindowsRampsAndMatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fs := mockvendors.NewFaults(protocol.VendorHuawei, 3, nil)
		err := fs.Add(
			mockvendors.FaultRule{Name: "down", Down: true, From: span(2 * time.Minute), Until: span(4 * time.Minute),
				Match: &mockvendors.FaultMatch{Token: "tok-a"}},
			mockvendors.FaultRule{Name: "ramp", Op: "auth", Ramp: &mockvendors.FaultRamp{From: 0, To: mockvendors.Span(10 * time.Minute), ErrorProbability: [2]float64{0, 1}}},
		)
		if err != nil {
			t.Fatal(err)
		}
		h := fs.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}), mockvendors.FaultAnswers{
			Codes: map[protocol.Reason]string{protocol.ReasonVendorError: "81000001", protocol.ReasonVendorUnavailable: "503"},
			Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) { w.WriteHeader(599) },
		})
		call := func(path, body string) int {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
			return rec.Code
		}
		if call("/v1/app/messages:send", "tok-a") != 200 {
			t.Error("down before from")
		}
		time.Sleep(3 * time.Minute) // simulated: inside the bubble
		if call("/v1/app/messages:send", "tok-a") != 599 || call("/v1/app/messages:send", "tok-b") != 200 {
			t.Error("down in the window: wrong for tok-a or tok-b")
		}
		time.Sleep(2 * time.Minute)
		if call("/v1/app/messages:send", "tok-a") != 200 {
			t.Error("down after until")
		}
		time.Sleep(6 * time.Minute)
		for i := range 5 {
			if call("/oauth2/v3/token", itoa(i)) != 599 {
				t.Error("ramp at probability 1 let an auth call through")
			}
		}
		cov := fs.Coverage()
		if len(cov) != 2 || cov[0].Fired != 1 || cov[1].Fired != 5 {
			t.Errorf("coverage %+v", cov)
		}
	})
}

func span(d time.Duration) *mockvendors.Span { s := mockvendors.Span(d); return &s }

// Drop and push latency are decided per vendor message and token.
func TestDeliveryFates(t *testing.T) {
	fs := mockvendors.NewFaults(protocol.VendorOPPO, 5, nil)
	if err := fs.Add(mockvendors.FaultRule{Name: "drop", Drop: true, Probability: p(0.5)},
		mockvendors.FaultRule{Name: "slow", Latency: &mockvendors.FaultLatency{Fixed: span(time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	dropped := 0
	for i := range 200 {
		rule, extra := fs.Delivery("msg-"+itoa(i), "tok")
		if rule == "drop" {
			dropped++
		} else if extra != time.Minute {
			t.Fatalf("kept notice %d is late by %v, want 1m", i, extra)
		}
		if again, _ := fs.Delivery("msg-"+itoa(i), "tok"); again != rule {
			t.Fatalf("notice %d: fate changed on a second look", i)
		}
	}
	if dropped < 70 || dropped > 130 {
		t.Errorf("dropped %d of 200 at 0.5", dropped)
	}
}

func TestFaultsRoute(t *testing.T) {
	fs := mockvendors.NewFaults(protocol.VendorMeizu, 1, nil)
	do := func(method, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		fs.ServeHTTP(rec, httptest.NewRequest(method, "/_pushsim/vendors/meizu/faults", strings.NewReader(body)))
		return rec
	}
	if rec := do(http.MethodPost, `{"name":"mz-drop","drop":true}`); rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), "mz-drop") {
		t.Errorf("POST = %d %s", rec.Code, rec.Body)
	}
	if rec := do(http.MethodPost, `{"name":"bad"}`); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("POST bad = %d %s", rec.Code, rec.Body)
	}
	if rec := do(http.MethodGet, ""); !strings.Contains(rec.Body.String(), `"drop":true`) {
		t.Errorf("GET = %s", rec.Body)
	}
	if rec := do(http.MethodDelete, ""); rec.Code != http.StatusNoContent || len(fs.Rules()) != 0 {
		t.Errorf("DELETE = %d, rules left %v", rec.Code, fs.Rules())
	}
	if rec := do(http.MethodPut, ""); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT = %d", rec.Code)
	}
}
