package console_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/console"
	"github.com/pushsim/pushsim/trace"
)

// testTimeout bounds every wait in these tests.
const testTimeout = 10 * time.Second

func newServer(t *testing.T, cfg console.Config) (*httptest.Server, *trace.Trace) {
	t.Helper()
	if cfg.Trace == nil {
		cfg.Trace = trace.New(time.Now())
	}
	mux := http.NewServeMux()
	c := console.New(cfg)
	mux.Handle(console.UIPath, c)
	mux.Handle(console.StreamPath, c)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, cfg.Trace
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestPageAndAssetsAreServedWithCSP(t *testing.T) {
	srv, _ := newServer(t, console.Config{})
	for _, tc := range []struct{ path, ctype, contains string }{
		{"/_pushsim/ui/", "text/html", `<script src="console.js"`},
		{"/_pushsim/ui/console.js", "javascript", "EventSource"},
		{"/_pushsim/ui/console.css", "text/css", ".phone"},
		{"/_pushsim/ui/favicon.svg", "image/svg+xml", "<svg"},
	} {
		resp, body := get(t, srv.URL+tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", tc.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != "default-src 'self'" {
			t.Errorf("GET %s: Content-Security-Policy = %q, want default-src 'self'", tc.path, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options = %q, want nosniff", tc.path, got)
		}
		if got := resp.Header.Get("Content-Type"); !strings.Contains(got, tc.ctype) {
			t.Errorf("GET %s: Content-Type = %q, want %s", tc.path, got, tc.ctype)
		}
		if !strings.Contains(body, tc.contains) {
			t.Errorf("GET %s: body lacks %q", tc.path, tc.contains)
		}
	}

	if resp, _ := get(t, srv.URL+"/_pushsim/ui/nope.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET a missing asset = %d, want 404", resp.StatusCode)
	}

	resp, err := http.Post(srv.URL+"/_pushsim/ui/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct{ Error string }
	if err := json.NewDecoder(resp.Body).Decode(&e); resp.StatusCode != http.StatusMethodNotAllowed || err != nil || e.Error == "" {
		t.Errorf("POST /_pushsim/ui/ = %d %+v (%v), want 405 with a JSON error", resp.StatusCode, e, err)
	}
}

// The page must be safe to open on any data: no inline code for the CSP
// to refuse, and no HTML built from strings.
func TestAssetsHaveNoInlineCodeOrMarkupSinks(t *testing.T) {
	srv, _ := newServer(t, console.Config{})
	_, html := get(t, srv.URL+"/_pushsim/ui/")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)\son[a-z]+\s*=`),            // inline event handlers
		regexp.MustCompile(`(?i)<script(\s[^>]*)?>[^<]+</`), // inline scripts
		regexp.MustCompile(`(?i)\sstyle\s*=`),               // inline styles
		regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/`),
	} {
		if m := bad.FindString(html); m != "" {
			t.Errorf("index.html has %q (matches %s)", m, bad)
		}
	}
	_, js := get(t, srv.URL+"/_pushsim/ui/console.js")
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on", "console.error"} {
		if strings.Contains(js, sink) {
			t.Errorf("console.js uses %s", sink)
		}
	}
}

// sse reads server-sent events from a stream.
type sse struct {
	sc *bufio.Scanner
}

// next returns the next event (name "" for the default one) or comment.
func (s *sse) next(t *testing.T) (name, data, comment string) {
	t.Helper()
	for s.sc.Scan() {
		line := s.sc.Text()
		switch {
		case line == "":
			if name != "" || data != "" || comment != "" {
				return name, data, comment
			}
		case strings.HasPrefix(line, ":"):
			comment = strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "event: "):
			name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			data = line[len("data: "):]
		}
	}
	t.Fatalf("stream ended: %v", s.sc.Err())
	return "", "", ""
}

// nextEvent skips comments and returns the next event.
func (s *sse) nextEvent(t *testing.T) (name string, rec map[string]any) {
	t.Helper()
	for {
		name, data, _ := s.next(t)
		if data == "" {
			continue
		}
		if err := json.Unmarshal([]byte(data), &rec); err != nil {
			t.Fatalf("event data %q: %v", data, err)
		}
		return name, rec
	}
}

func openStream(t *testing.T, ctx context.Context, url string) (*http.Response, *sse) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	s := &sse{sc: bufio.NewScanner(resp.Body)}
	if resp.StatusCode == http.StatusOK {
		// The preamble is sent at once: after it, the subscription exists.
		if _, _, c := s.next(t); c != "pushsim trace" {
			t.Fatalf("first block is %q, want the pushsim trace comment", c)
		}
	}
	return resp, s
}

func TestStreamFiltersLiveEventsAndEndsWithTheEnvironment(t *testing.T) {
	done := make(chan struct{})
	srv, tr := newServer(t, console.Config{Done: done})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMSend, Msg: "before", Device: "a"})
	resp, s := openStream(t, ctx, srv.URL+console.StreamPath+"?device=a&kind=device")
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/event-stream") {
		t.Fatalf("Content-Type = %q, want text/event-stream", got)
	}
	if got := resp.Header.Get("Content-Security-Policy"); got != "default-src 'self'" {
		t.Errorf("Content-Security-Policy = %q", got)
	}
	tr.Add(trace.Event{Component: "device", Kind: trace.DeviceNotify, Device: "b", Msg: "k1"})
	tr.Add(trace.Event{Component: "fakeim", Kind: trace.IMRoute, Device: "a", Msg: "k1"})
	tr.Add(trace.Event{Component: "device", Kind: trace.DeviceNotify, Device: "a", Msg: "k1"})
	name, rec := s.nextEvent(t)
	if name != "" || rec["device"] != "a" || rec["kind"] != "device.notify" || rec["msg"] != "k1" {
		t.Fatalf("first event = %s %v, want a's device.notify of k1 (nothing before the stream, nothing of b, no im.*)", name, rec)
	}
	if _, ok := rec["t_ms"]; !ok {
		t.Errorf("event %v has no t_ms", rec)
	}

	close(done)
	for s.sc.Scan() {
	}
	if err := s.sc.Err(); err != nil {
		t.Fatalf("stream did not end cleanly when the environment closed: %v", err)
	}
}

func TestStreamReplaysFromSince(t *testing.T) {
	srv, tr := newServer(t, console.Config{})
	start := tr.Start()
	tr.Add(trace.Event{At: start.Add(1 * time.Second), Component: "fakeim", Kind: trace.IMSend, Msg: "old"})
	tr.Add(trace.Event{At: start.Add(3 * time.Second), Component: "fakeim", Kind: trace.IMSend, Msg: "new"})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	_, s := openStream(t, ctx, srv.URL+console.StreamPath+"?since=2000")
	if _, rec := s.nextEvent(t); rec["msg"] != "new" || rec["t_ms"] != float64(3000) {
		t.Fatalf("first replayed event = %v, want msg new at t_ms 3000", rec)
	}
	tr.Add(trace.Event{At: start.Add(4 * time.Second), Component: "fakeim", Kind: trace.IMSend, Msg: "live"})
	if _, rec := s.nextEvent(t); rec["msg"] != "live" {
		t.Fatalf("next event = %v, want the live one", rec)
	}
}

func TestStreamSendsHeartbeats(t *testing.T) {
	srv, _ := newServer(t, console.Config{Heartbeat: 5 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	_, s := openStream(t, ctx, srv.URL+console.StreamPath)
	if _, _, c := s.next(t); c != "heartbeat" {
		t.Fatalf("idle stream sent %q, want a heartbeat comment", c)
	}
}

func TestStreamErrorsAreJSON(t *testing.T) {
	srv, _ := newServer(t, console.Config{MaxStreams: 2})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"?since=yesterday", http.StatusBadRequest},
		{"?devcie=a", http.StatusBadRequest},
	} {
		resp, _ := openStream(t, ctx, srv.URL+console.StreamPath+tc.query)
		var e struct{ Error string }
		if err := json.NewDecoder(resp.Body).Decode(&e); resp.StatusCode != tc.status || err != nil || e.Error == "" {
			t.Errorf("GET stream%s = %d %+v (%v), want %d with a JSON error", tc.query, resp.StatusCode, e, err, tc.status)
		}
	}
	resp, err := http.Post(srv.URL+console.StreamPath, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST stream = %d, want 405", resp.StatusCode)
	}
}

// At most MaxStreams at once; a client that goes away frees its slot.
func TestStreamsAreBounded(t *testing.T) {
	srv, _ := newServer(t, console.Config{MaxStreams: 2})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	first, firstCancel := context.WithCancel(ctx)
	openStream(t, first, srv.URL+console.StreamPath)
	openStream(t, ctx, srv.URL+console.StreamPath)

	resp, _ := openStream(t, ctx, srv.URL+console.StreamPath)
	var e struct{ Error string }
	if err := json.NewDecoder(resp.Body).Decode(&e); resp.StatusCode != http.StatusServiceUnavailable || err != nil || !strings.Contains(e.Error, "at most 2") {
		t.Fatalf("third stream = %d %+v (%v), want 503 with a JSON error", resp.StatusCode, e, err)
	}

	// The first client leaves; its handler notices and frees the slot.
	firstCancel()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, _ := openStream(t, ctx, srv.URL+console.StreamPath)
		if resp.StatusCode == http.StatusOK {
			return
		}
		resp.Body.Close()
		select {
		case <-ctx.Done():
			t.Fatal("no stream slot freed after a client went away")
		case <-tick.C:
		}
	}
}

// stuckWriter is a ResponseWriter whose second flush blocks until
// released, as a client that stops reading would.
type stuckWriter struct {
	header  http.Header
	mu      sync.Mutex
	buf     bytes.Buffer
	flushes int
	ready   chan struct{} // closed at the first flush (the preamble)
	stuck   chan struct{} // closed when the second flush blocks
	release chan struct{}
}

func (w *stuckWriter) Header() http.Header { return w.header }
func (w *stuckWriter) WriteHeader(int)     {}
func (w *stuckWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *stuckWriter) Flush() {
	w.flushes++
	switch w.flushes {
	case 1:
		close(w.ready)
	case 2:
		close(w.stuck)
		<-w.release
	}
}

func (w *stuckWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestSlowClientIsToldWhatItMissed(t *testing.T) {
	tr := trace.New(time.Now())
	c := console.New(console.Config{Trace: tr, Buffer: 1})
	w := &stuckWriter{header: http.Header{}, ready: make(chan struct{}), stuck: make(chan struct{}), release: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	reqCtx, stop := context.WithCancel(ctx)
	req := httptest.NewRequestWithContext(reqCtx, http.MethodGet, console.StreamPath, nil)
	served := make(chan struct{})
	go func() {
		defer close(served)
		c.ServeHTTP(w, req)
	}()
	wait := func(ch <-chan struct{}, what string) {
		t.Helper()
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		}
	}
	wait(w.ready, "the preamble")
	tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction, Msg: "m0"})
	wait(w.stuck, "the stream to block on a slow client")
	for i := range 5 {
		tr.Add(trace.Event{Component: "test", Kind: trace.DeviceAction, Msg: "m" + string(rune('1'+i))})
	}
	close(w.release)
	// The buffered event (m1) and the drop notice follow; then stop.
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(w.String(), `"dropped":4`) {
		select {
		case <-ctx.Done():
			t.Fatalf("no drop notice; stream so far:\n%s", w.String())
		case <-tick.C:
		}
	}
	stop()
	wait(served, "the handler to end after the client left")
	out := w.String()
	if !strings.Contains(out, "event: dropped\ndata: {\"dropped\":4}\n\n") || !strings.Contains(out, `"msg":"m1"`) || strings.Contains(out, `"msg":"m2"`) {
		t.Errorf("stream = \n%s\nwant m0, m1, then a dropped event counting 4 (m2..m5)", out)
	}
}
