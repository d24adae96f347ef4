package xiaomi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// The app as registered on the Xiaomi developer platform.
const (
	appID    = "2882303761517520001"
	appKey   = "5601752000001"
	secret   = "Ew2IY2E6bE2N3kFi4eRg5g=="
	pkg      = "com.example.chat"
	channel  = "im_channel"
	apiURL   = "http://xiaomi.sim:80"
	backend  = "http://backend.sim:80"
	callback = backend + "/xiaomi/receipts"
)

// unknownRegID is a well-formed regId nobody registered.
const unknownRegID = "ZvXdJmKzEqK4KdFqjiRJvGy9ZCxBqu8yNJg8n7vc3ZY1jm+t3LZqS9gIjXxgpE6i"

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: secret, Package: pkg}

// env is a Xiaomi mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *xiaomi.Server
	hc     *http.Client
	client *xiaomi.Client

	mu       sync.Mutex
	receipts []url.Values
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...xiaomi.Option) *env {
	t.Helper()
	e := &env{t: t, mem: netsim.NewMemory(), trace: trace.New(time.Now())}
	e.hc = netsim.HTTPClient(e.mem, 10*time.Second)
	cfg.Trace, cfg.HTTPClient = e.trace, e.hc
	if cfg.Apps == nil {
		cfg.Apps = []mockvendors.App{theApp}
	}
	if cfg.Latency == (seed.Latency{}) {
		cfg.Latency = seed.Latency{Median: time.Second, P99: time.Second}
	}
	srv, err := xiaomi.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = xiaomi.NewClient(apiURL, e.hc)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /xiaomi/receipts", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.receipts = append(e.receipts, r.PostForm)
		e.mu.Unlock()
	})
	stop := e.serve("xiaomi.sim:80", srv.Handler())
	stopBackend := e.serve("backend.sim:80", mux)
	t.Cleanup(func() {
		srv.Close()
		stop()
		stopBackend()
		e.hc.CloseIdleConnections()
		e.mem.Close()
	})
	return e
}

func (e *env) serve(addr string, h http.Handler) func() {
	ln, err := e.mem.Listen("tcp", addr)
	if err != nil {
		e.t.Fatal(err)
	}
	hs := &http.Server{Handler: h}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = hs.Serve(ln)
	}()
	return func() {
		hs.Close()
		<-done
	}
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.t.Helper()
	dev := e.dial(id)
	st := e.registerOn(dev, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: id, Brand: "xiaomi"})
	if st.Code != xiaomi.RegisterOK || st.Token == "" {
		e.t.Fatalf("register %s = %+v", id, st)
	}
	return dev, st.Token
}

func (e *env) dial(id string) *fakedevice.Device {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, e.mem, apiURL, id)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(dev.Close)
	return dev
}

func (e *env) registerOn(dev *fakedevice.Device, req protocol.RegisterRequest) protocol.RegisterStatus {
	e.t.Helper()
	seq, err := dev.Register(req)
	if err != nil {
		e.t.Fatal(err)
	}
	synctest.Wait()
	st, ok := dev.Status(seq)
	if !ok {
		e.t.Fatal("no register_status")
	}
	return st
}

// call calls path with the app secret.
func (e *env) call(method, path string, params url.Values) xiaomi.Response {
	e.t.Helper()
	r, err := e.client.Call(context.Background(), method, path, params, secret)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// raw sends a request as is and decodes the answer, which must be HTTP 200.
func (e *env) raw(method, path, auth, body string) xiaomi.Response {
	e.t.Helper()
	req, err := http.NewRequest(method, apiURL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("%s %s: HTTP %d %q, want 200 always", method, path, resp.StatusCode, data)
	}
	var r xiaomi.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.t.Fatalf("%s %s: %q: %v", method, path, data, err)
	}
	return r
}

// push sends msg to regIDs with the client.
func (e *env) push(msg xiaomi.Message, regIDs ...string) xiaomi.Response {
	e.t.Helper()
	r, err := e.client.SendToRegIDs(context.Background(), secret, regIDs, msg)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

func (e *env) gotReceipts() []url.Values {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]url.Values(nil), e.receipts...)
}

// note is a plain notification for the app on the IM channel.
func note(title, desc string) xiaomi.Message {
	return xiaomi.Message{RestrictedPackageNames: []string{pkg}, Title: title, Description: desc,
		Extra: map[string]string{xiaomi.ExtraChannelID: channel}}
}

// form is a push form around a message for registration_id targets.
func form(regIDs string, m xiaomi.Message) string {
	f := m.Form()
	f.Set("registration_id", regIDs)
	return f.Encode()
}

func registerReq(pkg, app, key, device string) protocol.RegisterRequest {
	return protocol.RegisterRequest{AppID: app, AppKey: key, Package: pkg, DeviceID: device, Brand: "xiaomi"}
}
