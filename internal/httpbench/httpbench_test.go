package httpbench

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	out := []byte(`Running 5s test @ http://127.0.0.1:4000
  2 threads and 64 connections
  25310 requests in 5.01s, 4.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:   5051.90
Transfer/sec:    842.21KB
pushsim-bad 7
`)
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 25310 || r.Rate != 5051.90 || r.Bad != 10 || r.OK() {
		t.Errorf("parseWrk = %+v, want 25310 answers at 5051.90/s, 10 bad (7 refused + 3 socket errors), not OK", r)
	}
	if _, err := parseWrk([]byte("unable to connect to 127.0.0.1:1 Connection refused")); err == nil {
		t.Error("parseWrk of a failed run: no error")
	}
}

func TestParseH2load(t *testing.T) {
	out := []byte(`finished in 5.00s, 1952.20 req/s, 250.00KB/s
requests: 9761 total, 9825 started, 9761 done, 9700 succeeded, 61 failed, 0 errored, 0 timeout
status codes: 9700 2xx, 0 3xx, 61 4xx, 0 5xx
`)
	r, err := parseH2load(out, 200)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 9761 || r.Rate != 1952.20 || r.Bad != 122 {
		t.Errorf("parseH2load = %+v, want 9761 answers at 1952.20/s, 122 bad (61 failed + 61 4xx)", r)
	}
	clean := []byte("finished in 1.00s, 10.00 req/s, 1KB/s\nrequests: 10 total, 10 started, 10 done, 10 succeeded, 0 failed, 0 errored, 0 timeout\nstatus codes: 10 2xx, 0 3xx, 0 4xx, 0 5xx\n")
	if r, err := parseH2load(clean, 200); err != nil || !r.OK() {
		t.Errorf("parseH2load of a clean run = %+v, %v, want OK", r, err)
	}
	if _, err := parseH2load([]byte("connect: Connection refused"), 200); err == nil {
		t.Error("parseH2load of a failed run: no error")
	}
}

func TestLuaQuote(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:          `"plain"`,
		`a"b\c`:          `"a\034b\092c"`,
		"line\nnext":     `"line\010next"`,
		"成":              `"\230\136\144"`,
		`{"code":"200"}`: `"{\034code\034:\034200\034}"`,
	} {
		if got := luaQuote(in); got != want {
			t.Errorf("luaQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestNginxConfig(t *testing.T) {
	reply := Reply{Status: 200, Body: []byte(`{"msg":"a $b \"c\""}`), Header: http.Header{
		"Content-Type": {"application/json;charset=UTF-8"}, "Date": {"x"}, "X-Trace": {"t1"}}}
	conf, err := nginxConfig("/tmp/d", 4321, reply, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"listen 127.0.0.1:4321;",
		`default_type "application/json;charset=UTF-8";`,
		`add_header X-Trace "t1" always;`,
		`return 200 "{\"msg\":\"a ${dollar}b \\\"c\\\"\"}";`,
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("config lacks %s:\n%s", want, conf)
		}
	}
	if strings.Contains(conf, "add_header Date") {
		t.Error("config sets Date, which is nginx's own")
	}
	h2, err := nginxConfig("/tmp/d", 4321, Reply{Status: 200}, true)
	if err != nil || !strings.Contains(h2, "listen 127.0.0.1:4321 http2;") || !strings.Contains(h2, "return 200;") {
		t.Errorf("h2c config = %v:\n%s", err, h2)
	}
	if _, err := nginxConfig("/tmp/d", 1, Reply{Status: 42}, false); err == nil {
		t.Error("status 42: no error")
	}
	if _, err := nginxQuote("a\x00b"); err == nil {
		t.Error("NUL byte: no error")
	}
}

func TestWrkScriptChecksEveryAnswer(t *testing.T) {
	s := wrkScript([]Request{{Method: "POST", Path: "/p?q=1", Header: http.Header{"Authorization": {"key=s"}, "Host": {"h"}}, Body: []byte("a=1")}},
		Load{Threads: 2, Connections: 64, Duration: time.Second, Status: 200, BodyHas: `"ok"`})
	for _, want := range []string{`method = "POST"`, `path = "/p?q=1"`, `["Authorization"] = "key=s"`,
		`local want_status = 200`, `local want_body = "\034ok\034"`, `bad = bad + 1`, `pushsim-bad`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %s:\n%s", want, s)
		}
	}
	if strings.Contains(s, `["Host"]`) {
		t.Error("script sets Host, which is wrk's own")
	}
}
