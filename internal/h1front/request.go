package h1front

import (
	"bufio"
	"io"
	"net/http"
	"sync"
)

// request is the *http.Request of h, and its body (nil without one).
func (cn *conn) request(h *head) (*http.Request, *body) {
	req := &http.Request{
		Method: h.method, URL: h.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h.header(), Body: http.NoBody, ContentLength: h.contentLength, Host: h.host,
		RemoteAddr: cn.remote, RequestURI: h.target, Close: h.close,
	}
	var b *body
	if h.contentLength > 0 {
		b = &body{br: cn.br, remaining: h.contentLength}
		req.Body = b
	}
	return req, b
}

// header is the head's fields as net/http's Request.Header holds them:
// without Host, one Content-Length.
func (h *head) header() http.Header {
	hdr := make(http.Header, len(h.fields))
	vals := make([]string, len(h.fields))
	for i, f := range h.fields {
		if f.name == "Host" {
			continue
		}
		vals[i] = f.value
		if have, ok := hdr[f.name]; ok {
			if f.name != "Content-Length" {
				// Equal lengths (the only kind served) count once.
				hdr[f.name] = append(have, f.value)
			}
			continue
		}
		hdr[f.name] = vals[i : i+1 : i+1]
	}
	return hdr
}

// body is a request body of a known length read off the connection's
// buffer. Once the handler has returned it reads nothing more.
type body struct {
	mu        sync.Mutex
	br        *bufio.Reader
	remaining int64
	closed    bool
	err       error
}

// Read implements io.Reader.
func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.remaining == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.br.Read(p)
	b.remaining -= int64(n)
	switch {
	case err == io.EOF && b.remaining > 0:
		err = io.ErrUnexpectedEOF
	case err == nil && b.remaining == 0:
		err = io.EOF
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// Close implements io.Closer: later reads fail, what is left is read and
// thrown away after the handler.
func (b *body) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

// finish ends the body when the handler returns: up to maxDrain unread
// bytes are read and thrown away; remaining is what is left (the
// connection cannot carry another request then).
func (b *body) finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.err == nil && b.remaining > 0 && b.remaining <= maxDrain {
		n, _ := b.br.Discard(int(b.remaining))
		b.remaining -= int64(n)
	}
}

// unread is what finish left unread.
func (b *body) unread() int64 {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return -1
	}
	return b.remaining
}
