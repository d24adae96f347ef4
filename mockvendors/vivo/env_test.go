package vivo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// A test app as vivo's console shows it (APP ID, APP KEY, APP SECRET),
// and where things live on the in-memory network.
const (
	appID        = "10004"
	appKey       = "7c1f3a52-9e4d-4b8a-a0d6-2f5e8b9c4d31"
	appSecret    = "s3cr3t"
	pkg          = "com.example.chat"
	apiURL       = "http://vivo.sim:80"
	backend      = "http://backend.sim:80"
	callback     = backend + "/vivo/receipts"
	unknownRegID = "10000000000000000000001"
)

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: appSecret, Package: pkg}

var creds = vivo.Credentials{AppID: appID, AppKey: appKey, AppSecret: appSecret}

func certFor(click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 8888, Vendor: protocol.VendorVivo, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "app_key": appKey, "app_secret": appSecret}}
}

// env is a vivo mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *vivo.Server
	hc     *http.Client
	client *vivo.Client

	mu       sync.Mutex
	receipts []map[string]vivo.ReceiptEntry
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...vivo.Option) *env {
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
	srv, err := vivo.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = vivo.NewClient(apiURL, e.hc)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /vivo/receipts", func(w http.ResponseWriter, r *http.Request) {
		var got map[string]vivo.ReceiptEntry
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.receipts = append(e.receipts, got)
		e.mu.Unlock()
	})
	stop := e.serve("vivo.sim:80", srv.Handler())
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
	st := e.registerOn(dev, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg, DeviceID: id})
	if st.Code != vivo.RegisterOK || st.Token == "" {
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

// token gets an authToken the way a backend does.
func (e *env) token() string {
	e.t.Helper()
	tok, err := e.client.Auth(context.Background(), creds)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok.Value
}

// raw posts body (JSON text, or a value to encode) with an authToken
// header ("" for none) and decodes the answer.
func (e *env) raw(path, authToken string, body any) vivo.Response {
	e.t.Helper()
	var b []byte
	if s, ok := body.(string); ok {
		b = []byte(s)
	} else {
		var err error
		if b, err = json.Marshal(body); err != nil {
			e.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, apiURL+path, bytes.NewReader(b))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if authToken != "" {
		req.Header.Set("authToken", authToken)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r vivo.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.t.Fatalf("POST %s: %d %q: %v", path, resp.StatusCode, data, err)
	}
	return r
}

// send sends m with the client.
func (e *env) send(m vivo.SendMessage) vivo.Response {
	e.t.Helper()
	r, err := e.client.Send(context.Background(), creds, m)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

func (e *env) gotReceipts() []map[string]vivo.ReceiptEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]map[string]vivo.ReceiptEntry(nil), e.receipts...)
}

// msg is a plain system message to regID with request ID id.
func msg(regID, id, content string) vivo.SendMessage {
	return vivo.SendMessage{RegID: regID, NotifyType: 2, Title: "Bob", Content: content, SkipType: vivo.SkipApp,
		Classification: vivo.Int(vivo.ClassSystem), RequestID: id}
}

// operational is msg as an operational message.
func operational(regID, id, content string) vivo.SendMessage {
	m := msg(regID, id, content)
	m.Classification = vivo.Int(vivo.ClassOperational)
	return m
}
