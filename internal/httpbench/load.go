package httpbench

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Request is one request the load client sends; the client cycles through
// a list of them.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the request target: path and query.
	Path string
	// Header holds the request headers (Host and Content-Length are the
	// client's own).
	Header http.Header
	// Body is the request body.
	Body []byte
}

// Load is the shape of one measurement.
type Load struct {
	// Threads and Connections are the client's threads and open
	// connections (wrk -t, -c; h2load -t, -c with one stream each).
	Threads, Connections int
	// Duration is how long the client sends.
	Duration time.Duration
	// Status is the status every accepted answer has.
	Status int
	// BodyHas is text every accepted answer's body holds (HTTP/1.1 only;
	// h2load checks the status class alone).
	BodyHas string
}

// Result is what one measurement counted.
type Result struct {
	// Requests is the number of answers received.
	Requests int
	// Rate is answers a second.
	Rate float64
	// Bad is the number of answers that were not accepted: another status,
	// a body without Load.BodyHas, or a socket error.
	Bad int
	// Tool names the load client.
	Tool string
}

// OK reports whether every answer was accepted and there were some.
func (r Result) OK() bool { return r.Requests > 0 && r.Bad == 0 }

// loadTool finds the load client name, and refuses an empty request list.
func loadTool(name string, reqs []Request) (string, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed (%s): %w", name, Install, err)
	}
	if len(reqs) == 0 {
		return "", fmt.Errorf("no requests to send")
	}
	return bin, nil
}

// Wrk runs wrk against base with reqs (HTTP/1.1) and counts the answers a
// Lua response hook accepts.
func Wrk(ctx context.Context, dir, base string, reqs []Request, l Load) (Result, error) {
	bin, err := loadTool("wrk", reqs)
	if err != nil {
		return Result{}, err
	}
	script := filepath.Join(dir, "push.lua")
	if err := os.WriteFile(script, []byte(wrkScript(reqs, l)), 0o644); err != nil {
		return Result{}, err
	}
	cmd := exec.CommandContext(ctx, bin, "-t", strconv.Itoa(l.Threads), "-c", strconv.Itoa(l.Connections),
		"-d", fmt.Sprintf("%ds", int(l.Duration.Seconds())), "-s", script, base)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return Result{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	return parseWrk(out)
}

var (
	wrkRequests = regexp.MustCompile(`(\d+) requests in ([0-9.]+)(us|ms|s|m)`)
	wrkRate     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkBad      = regexp.MustCompile(`pushsim-bad (\d+)`)
	wrkSocket   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func parseWrk(out []byte) (Result, error) {
	r := Result{Tool: "wrk"}
	m := wrkRequests.FindSubmatch(out)
	rate := wrkRate.FindSubmatch(out)
	bad := wrkBad.FindSubmatch(out)
	if m == nil || rate == nil || bad == nil {
		return r, fmt.Errorf("wrk printed no result: %s", out)
	}
	r.Requests, _ = strconv.Atoi(string(m[1]))
	r.Rate, _ = strconv.ParseFloat(string(rate[1]), 64)
	r.Bad, _ = strconv.Atoi(string(bad[1]))
	if s := wrkSocket.FindSubmatch(out); s != nil {
		for _, g := range s[1:] {
			n, _ := strconv.Atoi(string(g))
			r.Bad += n
		}
	}
	return r, nil
}

// wrkScript cycles through reqs on each connection and counts, over all
// threads, answers with another status or without l.BodyHas.
func wrkScript(reqs []Request, l Load) string {
	var b strings.Builder
	b.WriteString("local specs = {\n")
	for _, r := range reqs {
		fmt.Fprintf(&b, "  {method = %s, path = %s, body = %s, headers = {", luaQuote(r.Method), luaQuote(r.Path), luaQuote(string(r.Body)))
		for _, k := range slices.Sorted(maps.Keys(r.Header)) {
			switch http.CanonicalHeaderKey(k) {
			case "Host", "Content-Length", "Connection":
				continue
			}
			fmt.Fprintf(&b, "[%s] = %s, ", luaQuote(k), luaQuote(strings.Join(r.Header[k], ", ")))
		}
		b.WriteString("}},\n")
	}
	fmt.Fprintf(&b, "}\nlocal want_status = %d\nlocal want_body = %s\n", l.Status, luaQuote(l.BodyHas))
	b.WriteString(`local threads = {}
function setup(thread) table.insert(threads, thread) end
local reqs = {}
local next_req = 0
bad = 0
function init(args)
  for i, s in ipairs(specs) do reqs[i] = wrk.format(s.method, s.path, s.headers, s.body) end
end
function request()
  next_req = next_req % #reqs + 1
  return reqs[next_req]
end
function response(status, headers, body)
  if status ~= want_status or (want_body ~= "" and not string.find(body, want_body, 1, true)) then
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("pushsim-bad %d\n", total))
end
`)
	return b.String()
}

// luaQuote writes s as a Lua string literal, every byte outside printable
// ASCII (and the quote and backslash) as a decimal escape.
func luaQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			fmt.Fprintf(&b, "\\%03d", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// H2load runs h2load against base over h2c with prior knowledge: one
// stream per connection, the paths of reqs in turn, and the first
// request's method, headers and body for all of them (h2load sends one
// body). Answers of another status class than l.Status count as bad.
func H2load(ctx context.Context, dir, base string, reqs []Request, l Load) (Result, error) {
	bin, err := loadTool("h2load", reqs)
	if err != nil {
		return Result{}, err
	}
	first := reqs[0]
	for _, r := range reqs[1:] {
		if r.Method != first.Method || !bytes.Equal(r.Body, first.Body) {
			return Result{}, fmt.Errorf("h2load sends one method and body; the requests differ beyond their paths")
		}
	}
	bodyFile := filepath.Join(dir, "body")
	if err := os.WriteFile(bodyFile, first.Body, 0o644); err != nil {
		return Result{}, err
	}
	args := []string{"-t", strconv.Itoa(l.Threads), "-c", strconv.Itoa(l.Connections), "-m", "1",
		"-D", strconv.Itoa(int(l.Duration.Seconds())), "--warm-up-time", "1"}
	if first.Method == http.MethodPost || len(first.Body) > 0 {
		args = append(args, "-d", bodyFile)
	}
	if first.Method != http.MethodPost && first.Method != http.MethodGet {
		return Result{}, fmt.Errorf("h2load sends GET or POST, not %s", first.Method)
	}
	for _, k := range slices.Sorted(maps.Keys(first.Header)) {
		switch http.CanonicalHeaderKey(k) {
		case "Host", "Content-Length", "Connection", "User-Agent", "Accept-Encoding":
			continue
		}
		args = append(args, "-H", strings.ToLower(k)+": "+strings.Join(first.Header[k], ", "))
	}
	u, err := url.Parse(base)
	if err != nil {
		return Result{}, err
	}
	for _, r := range reqs {
		args = append(args, u.Scheme+"://"+u.Host+r.Path)
	}
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		return Result{}, fmt.Errorf("h2load: %w: %s", err, out)
	}
	return parseH2load(out, l.Status)
}

var (
	h2Finished = regexp.MustCompile(`finished in [0-9.]+\w+, ([0-9.]+) req/s`)
	h2Requests = regexp.MustCompile(`requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed`)
	h2Status   = regexp.MustCompile(`status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx`)
)

func parseH2load(out []byte, status int) (Result, error) {
	r := Result{Tool: "h2load"}
	fin, req, st := h2Finished.FindSubmatch(out), h2Requests.FindSubmatch(out), h2Status.FindSubmatch(out)
	if fin == nil || req == nil || st == nil {
		return r, fmt.Errorf("h2load printed no result: %s", out)
	}
	r.Rate, _ = strconv.ParseFloat(string(fin[1]), 64)
	r.Requests, _ = strconv.Atoi(string(req[1]))
	// errored requests are among the failed ones.
	r.Bad, _ = strconv.Atoi(string(req[3]))
	class := status/100 - 2
	for i, g := range st[1:] {
		n, _ := strconv.Atoi(string(g))
		if i != class {
			r.Bad += n
		}
	}
	return r, nil
}
