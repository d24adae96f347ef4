package h1front

import (
	"bufio"
	"bytes"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// headCases are request heads, each either served (want) or passed on.
var headCases = []struct {
	raw    string
	served bool
}{
	{"GET / HTTP/1.1\r\nHost: h\r\n\r\n", true},
	{"POST /v1/x?y=1 HTTP/1.1\r\nHost: h:80\r\nContent-Length: 10\r\nauthorization: Bearer t\r\n\r\n", true},
	{"GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n", true},
	{"GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", false},
	{"GET / HTTP/1.1\r\nHost: h\r\nTE: trailers\r\n\r\n", false},
	{"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", false},
	{"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456789\r\n\r\n", false},
	{"GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", false},
	{"GET / HTTP/1.1\r\nHost: h\r\nX: \x01\r\n\r\n", false},
	{"GET / HTTP/1.1\r\nHost: h h\r\n\r\n", false},
	{"GET / HTTP/1.1\r\n: v\r\nHost: h\r\n\r\n", false},
	{"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", false},
	{"\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", false},
}

func TestReadHead(t *testing.T) {
	for _, c := range headCases {
		h, err := readHead(bufio.NewReaderSize(strings.NewReader(c.raw), readBufferSize), true)
		if served := err == nil; served != c.served {
			t.Errorf("%q: served %v (%v), want %v", c.raw, served, err, c.served)
			continue
		}
		if err != nil && !errors.Is(err, errPassOn) {
			t.Errorf("%q: %v, want errPassOn", c.raw, err)
		}
		if h != nil {
			sameAsNetHTTP(t, []byte(c.raw), h)
		}
	}
}

// sameAsNetHTTP wants net/http to read raw as the head h says.
func sameAsNetHTTP(t *testing.T, raw []byte, h *head) {
	t.Helper()
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatalf("%q served, but net/http refuses it: %v", raw, err)
	}
	if req.Method != h.method || req.RequestURI != h.target || req.Host != h.host || req.URL.String() != h.url.String() ||
		req.ContentLength != h.contentLength || req.Close != h.close {
		t.Fatalf("%q: net/http reads %s %s host %q url %s length %d close %v; the front %s %s host %q url %s length %d close %v",
			raw, req.Method, req.RequestURI, req.Host, req.URL, req.ContentLength, req.Close,
			h.method, h.target, h.host, h.url, h.contentLength, h.close)
	}
	if got := h.header(); !maps.EqualFunc(got, req.Header, slices.Equal) {
		t.Fatalf("%q: net/http reads header %v, the front %v", raw, req.Header, got)
	}
}

// FuzzReadHead: whatever head the front serves, net/http reads the same.
func FuzzReadHead(f *testing.F) {
	for _, c := range headCases {
		f.Add([]byte(c.raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, err := readHead(bufio.NewReaderSize(bytes.NewReader(raw), readBufferSize), true)
		if err != nil {
			return
		}
		sameAsNetHTTP(t, raw, h)
	})
}
