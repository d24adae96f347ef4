package meizu_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// The seed document's app.
const (
	appID    = "1234512345123451234"
	appKey   = "1234512345123"
	secret   = "s3cr3t"
	pkg      = "com.example.chat"
	apiURL   = "http://meizu.sim:80"
	backend  = "http://backend.sim:80"
	callback = backend + "/meizu/receipts"
	token    = "acc3ss"
)

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: secret, Package: pkg, AccessToken: token}

// env is a Meizu mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *meizu.Server
	hc     *http.Client
	client *meizu.Client

	mu       sync.Mutex
	receipts []url.Values
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...meizu.Option) *env {
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
	srv, err := meizu.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = meizu.NewClient(apiURL, e.hc)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /meizu/receipts", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.receipts = append(e.receipts, r.PostForm)
		e.mu.Unlock()
	})
	stop := e.serve("meizu.sim:80", srv.Handler())
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
	if st.Code != meizu.CodeOK || st.Token == "" {
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

// call signs params with the app secret and calls path.
func (e *env) call(method, path string, params url.Values) meizu.Response {
	e.t.Helper()
	r, err := e.client.Call(context.Background(), method, path, params, secret)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// raw posts a form as is and decodes the answer.
func (e *env) raw(path string, form url.Values) meizu.Response {
	e.t.Helper()
	resp, err := e.hc.PostForm(apiURL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r meizu.Response
	if err := json.Unmarshal(body, &r); err != nil {
		e.t.Fatalf("POST %s: %d %q: %v", path, resp.StatusCode, body, err)
	}
	return r
}

// push sends msg to pushIDs with the client.
func (e *env) push(msg meizu.NoticeMessage, pushIDs ...string) meizu.Response {
	e.t.Helper()
	r, err := e.client.PushByPushID(context.Background(), appID, secret, pushIDs, msg)
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

// note is a plain private notification.
func note(title, content string) meizu.NoticeMessage {
	return meizu.NoticeMessage{NoticeBarInfo: meizu.NoticeBarInfo{NoticeMsgType: 1, Title: title, Content: content}}
}

// form builds a signed pushByPushId form around messageJson.
func signedForm(pushIDs, messageJSON string) url.Values {
	f := url.Values{"appId": {appID}, "pushIds": {pushIDs}, "messageJson": {messageJSON}}
	f.Set("sign", meizu.Sign(f, secret))
	return f
}
