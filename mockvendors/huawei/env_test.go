package huawei_test

import (
	"bytes"
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
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// The test app in AppGallery Connect.
const (
	appID    = "104123456"
	secret   = "s3cr3t"
	pkg      = "com.example.chat"
	apiURL   = "http://huawei.sim:80"
	backend  = "http://backend.sim:80"
	callback = backend + "/huawei/receipts"
	cbKey    = "rec3ipt-k3y"
)

var theApp = mockvendors.App{ID: appID, Secret: secret, Package: pkg}

// env is an HMS mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *huawei.Server
	hc     *http.Client
	client *huawei.Client

	mu       sync.Mutex
	receipts []receipt
}

type receipt struct {
	header string
	body   huawei.Receipt
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...huawei.Option) *env {
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
	srv, err := huawei.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = huawei.NewClient(apiURL, e.hc)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /huawei/receipts", func(w http.ResponseWriter, r *http.Request) {
		var rc huawei.Receipt
		if err := json.NewDecoder(r.Body).Decode(&rc); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.receipts = append(e.receipts, receipt{header: r.Header.Get(huawei.CallbackHeader), body: rc})
		e.mu.Unlock()
	})
	stop := e.serve("huawei.sim:80", srv.Handler())
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
	st := e.registerOn(dev, protocol.RegisterRequest{AppID: appID, Package: pkg, DeviceID: id})
	if st.Code != huawei.RegisterOK || st.Token == "" {
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

// token gets an access token for the app from the mock's token endpoint.
func (e *env) token() string {
	e.t.Helper()
	resp, err := e.hc.PostForm(apiURL+huawei.PathTokenV3, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {secret}})
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil || t.AccessToken == "" {
		e.t.Fatalf("token: HTTP %d, %v", resp.StatusCode, err)
	}
	return t.AccessToken
}

// raw posts body to an app's messages:send with an Authorization header
// and decodes the answer.
func (e *env) raw(app, authorization, body string) huawei.Response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, apiURL+huawei.SendPath(app), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r huawei.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.t.Fatalf("POST: %d %q: %v", resp.StatusCode, data, err)
	}
	r.Status = resp.StatusCode
	return r
}

// send sends req with the client.
func (e *env) send(req huawei.SendRequest) huawei.Response {
	e.t.Helper()
	r, err := e.client.Send(context.Background(), appID, secret, req)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

func (e *env) gotReceipts() []receipt {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]receipt(nil), e.receipts...)
}

// note is a notification to tokens that opens the app.
func note(title, body string, tokens ...string) huawei.SendRequest {
	return huawei.SendRequest{Message: &huawei.Message{
		Android: &huawei.AndroidConfig{Notification: &huawei.AndroidNotification{Title: title, Body: body,
			ClickAction: &huawei.ClickAction{Type: huawei.ClickApp}}},
		Token: tokens,
	}}
}

// body writes a send request as JSON.
func body(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
