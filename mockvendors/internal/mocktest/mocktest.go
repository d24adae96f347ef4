// Package mocktest builds the world a vendor mock's own tests run in,
// inside a testing/synctest bubble: an in-memory network with an HTTP
// client on it, a trace, the mock served at its host next to a backend
// that collects what the mock posts (receipts), and fake devices on the
// mock's device channel. Everything it starts stops when the test ends.
package mocktest

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Where the backend that collects receipts lives on the network.
const (
	BackendHost = "backend.sim"
	// NowhereHost is allowed for receipts, but nothing listens there.
	NowhereHost = "nobody.sim"
	BackendAddr = BackendHost + ":80"
	BackendURL  = "http://" + BackendAddr
)

// FixedLatency is the delivery latency Config gives a mock whose
// configuration names none: one second, every time.
var FixedLatency = seed.Latency{Median: time.Second, P99: time.Second}

// Env is one test's network, HTTP client and trace, and the mock on them.
type Env struct {
	// T is the test (in its bubble).
	T *testing.T
	// Mem is the in-memory network.
	Mem *netsim.Memory
	// Trace receives the mock's events.
	Trace *trace.Trace
	// HC dials Mem, with a 10 s timeout.
	HC *http.Client
	// URL is the mock's base URL, set by Start; devices dial it.
	URL string
}

// New returns an env for t; its network closes when t ends. Call it
// inside a bubble.
func New(t *testing.T) *Env {
	t.Helper()
	e := &Env{T: t, Mem: netsim.NewMemory(), Trace: trace.New(time.Now())}
	e.HC = netsim.HTTPClient(e.Mem, 10*time.Second)
	t.Cleanup(func() {
		e.HC.CloseIdleConnections()
		e.Mem.Close()
	})
	return e
}

// Config returns cfg with the env's trace and HTTP client, app as the
// registered app when cfg lists none, and FixedLatency when cfg names no
// latency.
func (e *Env) Config(cfg mockvendors.Config, app mockvendors.App) mockvendors.Config {
	cfg.Trace, cfg.HTTPClient = e.Trace, e.HC
	if cfg.ReceiptHosts == nil {
		cfg.ReceiptHosts = []string{BackendHost, NowhereHost}
	}
	if cfg.Apps == nil {
		cfg.Apps = []mockvendors.App{app}
	}
	if cfg.Latency == (seed.Latency{}) {
		cfg.Latency = FixedLatency
	}
	return cfg
}

// Serve serves h at addr ("host:port") until the test ends.
func (e *Env) Serve(addr string, h http.Handler) {
	e.T.Helper()
	ln, err := e.Mem.Listen("tcp", addr)
	if err != nil {
		e.T.Fatal(err)
	}
	hs := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = hs.Serve(ln)
	}()
	e.T.Cleanup(func() {
		hs.Close()
		<-done
	})
}

// Start serves srv at addr, which becomes URL, and backend (if not nil)
// at BackendAddr. When the test ends srv closes first, then the servers.
func (e *Env) Start(addr string, srv mockvendors.Server, backend http.Handler) {
	e.T.Helper()
	if backend != nil {
		e.Serve(BackendAddr, backend)
	}
	e.Serve(addr, srv.Handler())
	e.URL = "http://" + addr
	e.T.Cleanup(func() { srv.Close() })
}

// Dial opens a device channel to URL for device id, closed when the test
// ends.
func (e *Env) Dial(id string) *fakedevice.Device {
	e.T.Helper()
	return e.DialVia(e.Mem, id)
}

// DialVia is Dial through d (a netsim.Link, say).
func (e *Env) DialVia(d netsim.Dialer, id string) *fakedevice.Device {
	e.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, d, e.URL, id)
	if err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(dev.Close)
	return dev
}

// Register sends req over dev, lets the bubble settle and returns the
// register_status.
func (e *Env) Register(dev *fakedevice.Device, req protocol.RegisterRequest) protocol.RegisterStatus {
	e.T.Helper()
	seq, err := dev.Register(req)
	if err != nil {
		e.T.Fatal(err)
	}
	synctest.Wait()
	st, ok := dev.Status(seq)
	if !ok {
		e.T.Fatalf("no register_status for seq %d", seq)
	}
	return st
}

// Phone dials for device id and registers req from it (DeviceID set to
// id); the registration must answer code ok with a token.
func (e *Env) Phone(id string, req protocol.RegisterRequest, ok string) (*fakedevice.Device, string) {
	e.T.Helper()
	dev := e.Dial(id)
	req.DeviceID = id
	st := e.Register(dev, req)
	if st.Code != ok || st.Token == "" {
		e.T.Fatalf("register %s = %+v", id, st)
	}
	return dev, st.Token
}

// Events are the trace's events of kind.
func (e *Env) Events(kind trace.Kind) []trace.Event {
	return e.Trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}
