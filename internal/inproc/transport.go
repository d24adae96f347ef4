// Package inproc serves HTTP requests for one host with a handler in the
// same process, as an http.RoundTripper: no socket, no serialisation, no
// connection pool. pushsim's IM server calls the vendor mocks it shares a
// process with this way; the handler sees the request a socket would
// have brought (method, URI, host, headers, body, a loopback remote
// address) and answers through the same code, so signatures, limits and
// faults apply unchanged.
package inproc

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
)

// MaxResponseBody bounds the answer a handler may give one request; a
// longer one fails the round trip.
const MaxResponseBody = 8 << 20

// ErrConnectionCut is the error of a round trip whose handler aborted
// with http.ErrAbortHandler: over a socket the connection would have been
// cut unanswered.
var ErrConnectionCut = errors.New("inproc: connection cut by the server")

// RemoteAddr is the remote address the handler sees.
const RemoteAddr = "127.0.0.1:1"

// Transport serves requests for Host (host:port, as in the URL) with the
// handler set by SetHandler, and passes every other request, or all of
// them while no handler is set, to Next (http.DefaultTransport when nil).
type Transport struct {
	Host    string
	Next    http.RoundTripper
	handler atomic.Pointer[http.Handler]
}

// SetHandler sets the handler that serves Host's requests.
func (t *Transport) SetHandler(h http.Handler) { t.handler.Store(&h) }

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	h := t.handler.Load()
	if h == nil || req.URL.Host != t.Host || (req.URL.Scheme != "http" && req.URL.Scheme != "") {
		next := t.Next
		if next == nil {
			next = http.DefaultTransport
		}
		return next.RoundTrip(req)
	}
	sreq := serverRequest(req)
	w := &responseWriter{header: http.Header{}}
	if err := serve(*h, w, sreq); err != nil {
		return nil, err
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if w.tooLong {
		return nil, fmt.Errorf("inproc: answer longer than %d bytes", MaxResponseBody)
	}
	return w.response(req), nil
}

// serve runs the handler, turning an aborted handler into ErrConnectionCut
// and a panic into an error, as a server would close the connection.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		switch v := recover(); {
		case v == nil:
		case v == http.ErrAbortHandler:
			err = ErrConnectionCut
		default:
			err = fmt.Errorf("inproc: handler panicked: %v", v)
		}
	}()
	h.ServeHTTP(w, r)
	return nil
}

// serverRequest is req as a server would have read it off the wire.
func serverRequest(req *http.Request) *http.Request {
	u := *req.URL
	u.Scheme, u.Host, u.User = "", "", nil
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if _, ok := h["User-Agent"]; !ok {
		h["User-Agent"] = []string{"Go-http-client/1.1"}
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	body := req.Body
	if body == nil {
		body = http.NoBody
	}
	cl := req.ContentLength
	if body == http.NoBody {
		cl = 0
	} else if cl == 0 {
		cl = -1 // a body of unknown length comes chunked
	}
	sreq := &http.Request{
		Method: req.Method, URL: &u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: body, ContentLength: cl, Host: host, RemoteAddr: RemoteAddr,
		RequestURI: u.RequestURI(),
	}
	if sreq.Method == "" {
		sreq.Method = http.MethodGet
	}
	return sreq.WithContext(req.Context())
}

// responseWriter collects the handler's answer.
type responseWriter struct {
	header  http.Header
	status  int
	body    bytes.Buffer
	tooLong bool
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
}

func (w *responseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.body.Len()+len(p) > MaxResponseBody {
		w.tooLong = true
		return 0, errors.New("inproc: answer too long")
	}
	return w.body.Write(p)
}

// Flush implements http.Flusher: the answer is delivered whole anyway.
func (w *responseWriter) Flush() {}

// response is the client's view of the answer, with the headers a server
// adds itself (Content-Type sniffed from the body when the handler set
// none, Content-Length).
func (w *responseWriter) response(req *http.Request) *http.Response {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	b := w.body.Bytes()
	if _, ok := w.header["Content-Type"]; !ok && len(b) > 0 {
		w.header.Set("Content-Type", http.DetectContentType(b))
	}
	w.header.Set("Content-Length", strconv.Itoa(len(b)))
	return &http.Response{
		Status: strconv.Itoa(w.status) + " " + http.StatusText(w.status), StatusCode: w.status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.header, Body: newAnswerBody(b), ContentLength: int64(len(b)),
		Request: req,
	}
}

// answerBody is an answer's body: its bytes and a Close that does
// nothing, io.NopCloser(bytes.NewReader(b)) in one value.
type answerBody struct{ bytes.Reader }

func newAnswerBody(b []byte) *answerBody {
	a := &answerBody{}
	a.Reset(b)
	return a
}

// Close implements io.Closer.
func (*answerBody) Close() error { return nil }
