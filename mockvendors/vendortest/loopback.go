package vendortest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/h1front"
	"github.com/pushsim/pushsim/internal/httpbench"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Loopback is a vendor mock served on a real loopback port in real time,
// with devices registered and one push to each captured from the vendor's
// own client: the requests a load client replays.
type Loopback struct {
	// URL is the mock's base URL.
	URL string
	// Server is the mock.
	Server mockvendors.Server
	// Pushes are the captured push requests, one a device, each accepted
	// by the mock when captured.
	Pushes []httpbench.Request
	// Reply is the mock's answer to the first push.
	Reply httpbench.Reply
	// Tokens are the registered devices' tokens, Pushes[i] went to
	// Tokens[i].
	Tokens []string

	hs     *http.Server
	front  *h1front.Server
	served chan struct{}
}

// Bench limits: the trace and the message recorder keep what pushsim
// serve keeps by default (--trace-max-events, --vendor-max-messages), so a
// long run stays flat in memory and costs what it costs in serve.
const (
	benchTraceEvents = 200_000
	benchMessages    = 20_000
)

// StartLoopback builds the mock with every limit off and a drop rate of 1
// (an accepted push is answered and recorded in full, then dropped before
// delivery, so nothing waits per push), serves it over HTTP/1.1 and h2c on
// 127.0.0.1, registers devices, and pushes once to each through p.Client.
func StartLoopback(tb testing.TB, p Profile, devices int) *Loopback {
	tb.Helper()
	tr := trace.New(time.Now())
	tr.SetRetention(trace.Retention{MaxEvents: benchTraceEvents})
	srv, err := p.New(mockvendors.Config{
		Trace: tr, Seed: seed.Root(11), Apps: []mockvendors.App{p.App}, DropRate: 1,
		Limits: mockvendors.Limits{Off: true}, MaxMessages: benchMessages,
	})
	if err != nil {
		tb.Fatalf("build %s mock: %v", p.Vendor, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		tb.Fatal(err)
	}
	l := &Loopback{URL: "http://" + ln.Addr().String(), Server: srv, served: make(chan struct{})}
	l.hs = &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols)}
	l.hs.Protocols.SetHTTP1(true)
	l.hs.Protocols.SetUnencryptedHTTP2(true)
	l.front = &h1front.Server{Fallback: l.hs}
	go func() { defer close(l.served); _ = l.front.Serve(ln) }()
	tb.Cleanup(l.close)

	rec := &recordingTransport{rt: &http.Transport{MaxIdleConnsPerHost: 4}}
	hc := &http.Client{Transport: rec, Timeout: 30 * time.Second}
	defer hc.CloseIdleConnections()
	client := p.Client(l.URL, hc)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range devices {
		token, err := l.register(ctx, p, "bench-"+strconv.Itoa(i))
		if err != nil {
			tb.Fatalf("%s: %v", p.Vendor, err)
		}
		rec.reset()
		key := "bench-m" + strconv.Itoa(i)
		res := client.Push(ctx, protocol.PushRequest{MsgKey: key, Device: "d", Token: token, Cert: p.Certificate,
			Title: "Bob", Desc: "hi there", Ext: ext(p.Certificate), Android: p.Android})
		if res.Reason != protocol.ReasonNone {
			tb.Fatalf("%s: capture push to device %d = %+v, want accepted", p.Vendor, i, res)
		}
		x, ok := rec.last()
		if !ok {
			tb.Fatalf("%s: the client sent no request for push %d", p.Vendor, i)
		}
		l.Pushes = append(l.Pushes, x.req)
		l.Tokens = append(l.Tokens, token)
		if i == 0 {
			l.Reply = x.reply
		}
	}
	return l
}

// register registers one device for p.App and returns its token; the
// device channel closes again (the registration stays).
func (l *Loopback) register(ctx context.Context, p Profile, id string) (string, error) {
	d, err := fakedevice.Dial(ctx, &net.Dialer{}, l.URL, id)
	if err != nil {
		return "", err
	}
	defer d.Close()
	req := p.Register
	req.DeviceID = id
	seq, err := d.Register(req)
	if err != nil {
		return "", err
	}
	st, err := d.WaitStatus(ctx, seq)
	if err != nil {
		return "", err
	}
	if st.Code != p.OKCode || st.Token == "" {
		return "", fmt.Errorf("register %s = %+v, want code %s and a token", id, st, p.OKCode)
	}
	return st.Token, nil
}

func (l *Loopback) close() {
	_ = l.front.Close()
	<-l.served
	_ = l.Server.Close()
}

// exchange is one request and its answer.
type exchange struct {
	req   httpbench.Request
	reply httpbench.Reply
}

// recordingTransport keeps the last exchange it carried.
type recordingTransport struct {
	rt http.RoundTripper

	mu   sync.Mutex
	have bool
	x    exchange
}

func (r *recordingTransport) reset() {
	r.mu.Lock()
	r.have = false
	r.mu.Unlock()
}

func (r *recordingTransport) last() (exchange, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.x, r.have
}

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := r.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	rbody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return nil, errors.New("recording transport: protocol switch")
	}
	resp.Body = io.NopCloser(bytes.NewReader(rbody))
	x := exchange{
		req:   httpbench.Request{Method: req.Method, Path: req.URL.RequestURI(), Header: req.Header.Clone(), Body: body},
		reply: httpbench.Reply{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: rbody},
	}
	r.mu.Lock()
	r.x, r.have = x, true
	r.mu.Unlock()
	return resp, nil
}
