package inproc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// echo answers with what it was asked, so a test can compare the request
// the handler saw with the one a server would have read.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Method", r.Method)
	w.Header().Set("X-URI", r.RequestURI)
	w.Header().Set("X-Host", r.Host)
	w.Header().Set("X-Length", strconv.FormatInt(r.ContentLength, 10))
	w.Header().Set("X-Auth", r.Header.Get("Authorization"))
	w.Header().Set("X-Remote", r.RemoteAddr)
	w.Header().Set("X-Agent", r.Header.Get("User-Agent"))
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(body)
}

// TestTransportMatchesASocket sends the same requests over a real socket
// and in process and checks the handler saw the same and the client got
// the same.
func TestTransportMatchesASocket(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	tr := &Transport{Host: host}
	tr.SetHandler(http.HandlerFunc(echo))
	inproc := &http.Client{Transport: tr}
	socket := srv.Client()
	for _, tc := range []struct {
		name, method, path, body string
		unknownLength            bool
	}{
		{name: "post form", method: http.MethodPost, path: "/meizu/garcia/api/server/push/varnished/pushByPushId?x=1&y=%20", body: "pushIds=a&sign=b"},
		{name: "get", method: http.MethodGet, path: "/xiaomi/v1/trace/message/status?msg_id=1"},
		{name: "chunked", method: http.MethodPost, path: "/vivo/message/send", body: `{"a":1}`, unknownLength: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do := func(c *http.Client) (*http.Response, string) {
				var body io.Reader
				if tc.body != "" {
					body = strings.NewReader(tc.body)
					if tc.unknownLength {
						body = io.MultiReader(body)
					}
				}
				req, err := http.NewRequest(tc.method, srv.URL+tc.path, body)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", "key=secret")
				res, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res, string(b)
			}
			want, wantBody := do(socket)
			got, gotBody := do(inproc)
			if got.StatusCode != want.StatusCode || gotBody != wantBody {
				t.Fatalf("in process %d %q, over a socket %d %q", got.StatusCode, gotBody, want.StatusCode, wantBody)
			}
			for _, h := range []string{"X-Method", "X-URI", "X-Host", "X-Length", "X-Auth", "X-Agent", "Content-Type", "Content-Length"} {
				if got.Header.Get(h) != want.Header.Get(h) {
					t.Errorf("%s: in process %q, over a socket %q", h, got.Header.Get(h), want.Header.Get(h))
				}
			}
			if got.Header.Get("X-Remote") != RemoteAddr {
				t.Errorf("remote address %q, want %q", got.Header.Get("X-Remote"), RemoteAddr)
			}
		})
	}
}

// TestTransportPassesOtherHosts checks that a request to another host, or
// any before a handler is set, goes to Next.
func TestTransportPassesOtherHosts(t *testing.T) {
	var next int
	tr := &Transport{Host: "pushsim:1", Next: roundTripFunc(func(*http.Request) (*http.Response, error) {
		next++
		return nil, errors.New("next")
	})}
	c := &http.Client{Transport: tr}
	if _, err := c.Get("http://pushsim:1/a"); err == nil || next != 1 {
		t.Fatalf("before SetHandler: err %v, next called %d times", err, next)
	}
	tr.SetHandler(http.HandlerFunc(echo))
	if _, err := c.Get("http://other:1/a"); err == nil || next != 2 {
		t.Fatalf("other host: err %v, next called %d times", err, next)
	}
	res, err := c.Get("http://pushsim:1/a")
	if err != nil || next != 2 {
		t.Fatalf("own host: err %v, next called %d times", err, next)
	}
	res.Body.Close()
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestTransportErrors covers the answers a socket would not have given:
// an aborted handler cuts the connection, a panic fails the call, a
// handler still working at the deadline times out, and an answer past
// MaxResponseBody is refused.
func TestTransportErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		h       http.HandlerFunc
		timeout time.Duration
		want    func(error) bool
	}{
		{name: "abort", h: func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) },
			want: func(err error) bool { return errors.Is(err, ErrConnectionCut) }},
		{name: "panic", h: func(http.ResponseWriter, *http.Request) { panic("boom") },
			want: func(err error) bool { return err != nil && strings.Contains(err.Error(), "boom") }},
		{name: "deadline", timeout: 10 * time.Millisecond, h: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			want: func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{name: "too long", h: func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(make([]byte, MaxResponseBody))
			_, _ = w.Write([]byte("x"))
		}, want: func(err error) bool { return err != nil && strings.Contains(err.Error(), "longer than") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := &Transport{Host: "pushsim:1"}
			tr.SetHandler(tc.h)
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://pushsim:1/", nil)
			res, err := (&http.Client{Transport: tr}).Do(req)
			if err == nil {
				res.Body.Close()
			}
			if !tc.want(err) {
				t.Fatalf("error %v", err)
			}
		})
	}
}

// BenchmarkRoundTrip is the cost of one in-process call with a small
// form body and a small JSON answer.
func BenchmarkRoundTrip(b *testing.B) {
	tr := &Transport{Host: "pushsim:1"}
	tr.SetHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":"200","message":"","value":{}}`))
	}))
	c := &http.Client{Transport: tr}
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, "http://pushsim:1/push", strings.NewReader("pushIds=a&sign=b"))
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
}
