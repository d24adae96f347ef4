package h1front

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"
)

// net/http lingers half a second before closing a connection whose body
// it did not read; its goroutine may still sleep when the tests end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("net/http.(*conn).closeWriteAndWait"))
}

// echo answers with what it read: method, target, host, headers, body.
func echo(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "body: "+err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "%s %s %s %s len=%d close=%v\n", r.Method, r.RequestURI, r.URL.Path, r.Host, r.ContentLength, r.Close)
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		fmt.Fprintf(w, "%s=%q\n", k, r.Header[k])
	}
	fmt.Fprintf(w, "body=%q\n", body)
}

// servers is one handler served by the front and by net/http alone.
type servers struct {
	front, plain string
	// passed counts connections the front handed to its fallback.
	passed atomic.Int64
}

func newServer(h http.Handler, passed *atomic.Int64) *http.Server {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols)}
	hs.Protocols.SetHTTP1(true)
	hs.Protocols.SetUnencryptedHTTP2(true)
	if passed != nil {
		hs.ConnState = func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				passed.Add(1)
			}
		}
	}
	return hs
}

func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// start serves h through a front and through a plain net/http server.
func start(t testing.TB, h http.Handler) *servers {
	t.Helper()
	s := &servers{}
	fln, pln := listen(t), listen(t)
	s.front, s.plain = fln.Addr().String(), pln.Addr().String()
	front := &Server{Fallback: newServer(h, &s.passed)}
	plain := newServer(h, nil)
	fdone, pdone := make(chan error, 1), make(chan error, 1)
	go func() { fdone <- front.Serve(fln) }()
	go func() { pdone <- plain.Serve(pln) }()
	t.Cleanup(func() {
		if err := front.Close(); err != nil {
			t.Errorf("front.Close: %v", err)
		}
		plain.Close()
		if err := <-fdone; err != ErrServerClosed {
			t.Errorf("front.Serve = %v, want ErrServerClosed", err)
		}
		<-pdone
	})
	return s
}

// answer is a response as the differential tests compare it.
type answer struct {
	Status  int
	Header  http.Header
	Body    string
	Trailer http.Header
}

// exchange writes raw to addr and reads the answers to n requests; err
// is set when the connection ended before them.
func exchange(t *testing.T, addr, raw string, method string, n int) ([]answer, error) {
	t.Helper()
	c, br := send(t, addr, raw, false)
	defer c.Close()
	return readAnswers(br, method, n)
}

// send dials addr and writes raw, then closes the writing side when half
// is set.
func send(t *testing.T, addr, raw string, half bool) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err == nil && half {
		_ = c.(*net.TCPConn).CloseWrite()
	}
	return c, bufio.NewReader(c)
}

// readAnswers reads n answers (all until the connection ends when n < 0)
// to requests of method.
func readAnswers(br *bufio.Reader, method string, n int) ([]answer, error) {
	var out []answer
	for i := 0; n < 0 || i < n; i++ {
		resp, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			return out, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return out, err
		}
		h := resp.Header.Clone()
		h.Del("Date")
		if resp.ContentLength >= 0 && resp.Header.Get("Content-Length") == "" && len(resp.TransferEncoding) == 0 {
			h.Set("X-Length", fmt.Sprint(resp.ContentLength))
		}
		if len(resp.TransferEncoding) > 0 {
			h["X-Transfer-Encoding"] = resp.TransferEncoding
		}
		out = append(out, answer{Status: resp.StatusCode, Header: h, Body: string(b), Trailer: resp.Trailer})
	}
	return out, nil
}

func same(t *testing.T, name string, front, plain []answer, ferr, perr error) {
	t.Helper()
	if (ferr == nil) != (perr == nil) {
		t.Errorf("%s: front error %v, net/http error %v", name, ferr, perr)
	}
	if len(front) != len(plain) {
		t.Fatalf("%s: front gave %d answers, net/http %d\nfront: %+v\nplain: %+v", name, len(front), len(plain), front, plain)
	}
	for i := range front {
		f, p := front[i], plain[i]
		if f.Status != p.Status || f.Body != p.Body || !equalHeader(f.Header, p.Header) {
			t.Errorf("%s: answer %d differs\nfront: %d %v %q\nplain: %d %v %q", name, i, f.Status, f.Header, f.Body, p.Status, p.Header, p.Body)
		}
	}
}

func equalHeader(a, b http.Header) bool {
	return maps.EqualFunc(a, b, slices.Equal)
}

// TestSameAnswers sends the same bytes to the front and to net/http alone
// and wants the same answers: ordinary requests the front serves, and
// every kind it passes on.
func TestSameAnswers(t *testing.T) {
	s := start(t, http.HandlerFunc(echo))
	long := strings.Repeat("x", 5000)
	cases := []struct {
		name, raw string
		method    string
		n         int
		// served is whether the front serves it itself.
		served bool
	}{
		{"get", "GET /a/b?c=d&e=%20f HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t\r\n\r\n", "GET", 1, true},
		{"post", "POST /v3/message/regid HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=b&c=d", "POST", 1, true},
		{"repeated header", "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\nX-A:3 \r\n\r\n", "GET", 1, true},
		{"odd case names", "GET / HTTP/1.1\r\nhOsT: h\r\ncontent-type: text/plain\r\nx-forwarded-for: 1.2.3.4\r\n\r\n", "GET", 1, true},
		{"empty value", "GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n\r\n", "GET", 1, true},
		{"pipelined", "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: h\r\n\r\n", "GET", 3, true},
		{"connection close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n", "GET", 2, true},
		{"equal lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab", "POST", 1, true},
		{"head", "HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n", "HEAD", 1, true},
		{"http/1.0", "GET / HTTP/1.0\r\nHost: h\r\n\r\n", "GET", 1, false},
		{"chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "POST", 1, false},
		{"expect", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", "POST", 1, false},
		{"long head", "GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + long + "\r\n\r\n", "GET", 1, false},
		{"bare lf", "GET / HTTP/1.1\nHost: h\n\n", "GET", 1, false},
		{"absolute target", "GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\n", "GET", 1, false},
		{"no host", "GET / HTTP/1.1\r\nX: y\r\n\r\n", "GET", 1, false},
		{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "GET", 1, false},
		{"two lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "POST", 1, false},
		{"bad length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc", "POST", 1, false},
		{"bad name", "GET / HTTP/1.1\r\nHost: h\r\nX Y: z\r\n\r\n", "GET", 1, false},
		{"folded", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", "GET", 1, false},
		{"bad method", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", "GET", 1, false},
		{"second request passed on", "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n", "GET", 2, true},
	}
	for _, c := range cases {
		before := s.passed.Load()
		f, ferr := exchange(t, s.front, c.raw, c.method, c.n)
		passed := s.passed.Load() - before
		p, perr := exchange(t, s.plain, c.raw, c.method, c.n)
		same(t, c.name, f, p, ferr, perr)
		if wantPassed := !c.served || strings.Contains(c.name, "passed on"); (passed > 0) != wantPassed {
			t.Errorf("%s: %d connections passed to net/http, want passed=%v", c.name, passed, wantPassed)
		}
	}
}

// TestSameAnswerShapes compares answers the handler shapes itself:
// sniffed and set types, set lengths, statuses without a body, long and
// flushed bodies, unread bodies.
func TestSameAnswerShapes(t *testing.T) {
	handlers := map[string]http.HandlerFunc{
		"/sniff": func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html><body>hi</body></html>") },
		"/typed": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{}`)
		},
		"/empty":  func(w http.ResponseWriter, r *http.Request) {},
		"/status": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) },
		"/nocontent": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNoContent)
			if _, err := w.Write([]byte("x")); err != http.ErrBodyNotAllowed {
				panic(fmt.Sprintf("write after 204 = %v", err))
			}
		},
		"/length": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "5")
			io.WriteString(w, "hello")
			if _, err := io.WriteString(w, "!"); err != http.ErrContentLength {
				panic(fmt.Sprintf("write past the length = %v", err))
			}
		},
		"/long": func(w http.ResponseWriter, r *http.Request) {
			for i := range 3000 {
				fmt.Fprintf(w, "line %05d of a long answer\n", i)
			}
		},
		"/flushed": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "first\n")
			w.(http.Flusher).Flush()
			io.WriteString(w, "second\n")
		},
		"/unread": func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ignored the body") },
		"/error":  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "nope", http.StatusForbidden) },
		"/multi": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			w.Header().Set("X-Newline", "a\r\nb")
			w.WriteHeader(http.StatusCreated)
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, "made")
		},
	}
	mux := http.NewServeMux()
	for p, h := range handlers {
		mux.Handle(p, h)
	}
	s := start(t, mux)
	small := strings.Repeat("b", 1000)
	big := strings.Repeat("b", 300<<10)
	for _, path := range slices.Sorted(maps.Keys(handlers)) {
		for _, method := range []string{"GET", "HEAD"} {
			raw := method + " " + path + " HTTP/1.1\r\nHost: h\r\n\r\n" + "GET /typed HTTP/1.1\r\nHost: h\r\n\r\n"
			f, ferr := exchange(t, s.front, raw, method, 2)
			p, perr := exchange(t, s.plain, raw, method, 2)
			same(t, method+" "+path, f, p, ferr, perr)
		}
	}
	for name, body := range map[string]string{"small": small, "big": big} {
		raw := fmt.Sprintf("POST /unread HTTP/1.1\r\nHost: h\r\nContent-Length: %d\r\n\r\n%sGET /typed HTTP/1.1\r\nHost: h\r\n\r\n", len(body), body)
		f, ferr := exchange(t, s.front, raw, "POST", 2)
		p, perr := exchange(t, s.plain, raw, "POST", 2)
		same(t, "unread "+name, f, p, ferr, perr)
	}
	if s.passed.Load() != 0 {
		t.Errorf("%d connections passed to net/http, want none", s.passed.Load())
	}
}

// TestRequestContext: the server and local address are in the context,
// which ends when the handler returns.
func TestRequestContext(t *testing.T) {
	got := make(chan context.Context, 1)
	var fallback *http.Server
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Context().Value(http.ServerContextKey) != fallback {
			t.Error("no ServerContextKey")
		}
		if _, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); !ok {
			t.Error("no LocalAddrContextKey")
		}
		if r.RemoteAddr == "" {
			t.Error("no RemoteAddr")
		}
		got <- r.Context()
	})
	fallback = newServer(h, nil)
	front := &Server{Fallback: fallback}
	ln := listen(t)
	done := make(chan error, 1)
	go func() { done <- front.Serve(ln) }()
	defer func() { front.Close(); <-done }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	ctx := <-got
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the request's context did not end after the handler")
	}
}

// TestStreams: a flushed answer reaches the client while the handler is
// still writing, and write deadlines can be set through a
// ResponseController.
func TestStreams(t *testing.T) {
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Errorf("SetWriteDeadline: %v", err)
		}
		if err := rc.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
			t.Errorf("SetReadDeadline: %v", err)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: one\n\n")
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		<-release
		io.WriteString(w, "data: two\n\n")
	})
	s := start(t, h)
	resp, err := http.Get("http://" + s.front + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "data: one\n" {
		t.Fatalf("first event = %q, %v", line, err)
	}
	close(release)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: two\n\n" {
		t.Fatalf("rest = %q, %v", rest, err)
	}
	if resp.TransferEncoding == nil {
		t.Error("a flushed answer without a length should stream chunked")
	}
}

// TestPanics: a handler's panic cuts the connection unanswered.
func TestPanics(t *testing.T) {
	for _, v := range []any{http.ErrAbortHandler, "boom"} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(v) })
		hs := newServer(h, nil)
		hs.ErrorLog = discardLog()
		front := &Server{Fallback: hs}
		ln := listen(t)
		done := make(chan error, 1)
		go func() { done <- front.Serve(ln) }()
		_, err := exchange(t, ln.Addr().String(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n", "GET", 1)
		if err == nil {
			t.Errorf("panic(%v): answered, want the connection cut", v)
		}
		front.Close()
		<-done
	}
}

// TestPassesOnWebsockets: an upgrade goes to net/http, which the handler
// hijacks as usual; Close ends it.
func TestPassesOnWebsockets(t *testing.T) {
	up := websocket.Upgrader{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			mt, m, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(mt, append([]byte("echo "), m...)); err != nil {
				return
			}
		}
	})
	s := start(t, h)
	c, _, err := websocket.DefaultDialer.Dial("ws://"+s.front+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.TextMessage, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	_, m, err := c.ReadMessage()
	if err != nil || string(m) != "echo hi" {
		t.Fatalf("read %q, %v", m, err)
	}
	if s.passed.Load() != 1 {
		t.Errorf("%d connections passed to net/http, want 1", s.passed.Load())
	}
}

// TestPassesOnH2C: a prior-knowledge HTTP/2 connection is net/http's.
func TestPassesOnH2C(t *testing.T) {
	s := start(t, http.HandlerFunc(echo))
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post("http://"+s.front+"/h2", "text/plain", strings.NewReader("over h2"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.ProtoMajor != 2 || !strings.Contains(string(b), `body="over h2"`) {
		t.Fatalf("proto %s, body %q", resp.Proto, b)
	}
}

// TestClose ends Serve, the connections the front holds (idle or with a
// handler running) and those it passed on.
func TestClose(t *testing.T) {
	entered := make(chan struct{}, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/block" {
			entered <- struct{}{}
			<-r.Context().Done()
			return
		}
		io.WriteString(w, "ok")
	})
	hs := newServer(h, nil)
	front := &Server{Fallback: hs}
	ln := listen(t)
	done := make(chan error, 1)
	go func() { done <- front.Serve(ln) }()
	addr := ln.Addr().String()
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	passed, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer passed.Close()
	io.WriteString(passed, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	if _, err := http.ReadResponse(bufio.NewReader(passed), nil); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	io.WriteString(busy, "GET /block HTTP/1.1\r\nHost: h\r\n\r\n")
	<-entered
	closed := make(chan error, 1)
	go func() { closed <- front.Close() }()
	for _, c := range []net.Conn{idle, passed, busy} {
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if n, err := c.Read(make([]byte, 1)); err == nil || n > 0 {
			t.Errorf("read after Close = %d, %v, want the connection closed", n, err)
		}
	}
	if err := <-closed; err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := <-done; err != ErrServerClosed {
		t.Errorf("Serve = %v", err)
	}
	if err := front.Serve(listen(t)); err != ErrServerClosed {
		t.Errorf("Serve after Close = %v", err)
	}
}

func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }

// TestBodyWaitsBeyondTheHeadTimeout: as with net/http, the header
// timeout bounds the head only; a body may come later (ReadTimeout
// unset).
func TestBodyWaitsBeyondTheHeadTimeout(t *testing.T) {
	hs := newServer(http.HandlerFunc(echo), nil)
	hs.ReadHeaderTimeout = time.Second
	front := &Server{Fallback: hs}
	ln := listen(t)
	done := make(chan error, 1)
	go func() { done <- front.Serve(ln) }()
	defer func() { front.Close(); <-done }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab")
	// Past the header timeout, then the rest of the body.
	timer := time.NewTimer(1500 * time.Millisecond)
	<-timer.C
	io.WriteString(c, "cd")
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `body="abcd"`) {
		t.Fatalf("answer %d %q, want the whole body echoed", resp.StatusCode, b)
	}
}

// exchangeAll writes raw to addr, closes the writing side and reads
// answers until the connection ends: what a server makes of raw, however
// malformed, without waiting on a timeout.
func exchangeAll(t *testing.T, addr, raw string) []answer {
	t.Helper()
	c, br := send(t, addr, raw, true)
	defer c.Close()
	out, _ := readAnswers(br, http.MethodGet, -1)
	return out
}

// FuzzSameAnswers sends the same bytes to the front and to net/http alone
// (the echo handler behind both) and wants the same answers.
func FuzzSameAnswers(f *testing.F) {
	f.Add("GET /a?b=c HTTP/1.1\r\nHost: h\r\nX: 1\r\n\r\n")
	f.Add("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\nHost: h\r\n\r\n")
	f.Add("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nabc")
	f.Add("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
	f.Add("GET / HTTP/1.0\r\n\r\n")
	f.Add("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n")
	f.Add("GET / HTTP/1.1\r\nHo")
	s := start(f, http.HandlerFunc(echo))
	f.Fuzz(func(t *testing.T, raw string) {
		// A connection passed on from its first byte is net/http's by
		// construction; what differs then is only whether the kernel
		// resets it, unread bytes in hand, before the answer is read.
		if _, err := readHead(bufio.NewReaderSize(strings.NewReader(raw), readBufferSize), true); err != nil {
			t.Skip("passed to net/http whole")
		}
		front := exchangeAll(t, s.front, raw)
		plain := exchangeAll(t, s.plain, raw)
		same(t, fmt.Sprintf("%q", raw), front, plain, nil, nil)
	})
}
