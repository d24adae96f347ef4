package oppo_test

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
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// A test app as OPPO's console shows it (AppId, AppKey, AppSecret,
// MasterSecret), and where things live on the in-memory network.
const (
	appID        = "30012345"
	appKey       = "0a1b2c3d4e5f40718293a4b5c6d7e8f9"
	appSecret    = "s3cr3t"
	masterSecret = "m4ster"
	pkg          = "com.example.chat"
	channel      = "im_channel"
	apiURL       = "http://oppo.sim:80"
	backend      = "http://backend.sim:80"
	callback     = backend + "/oppo/receipts"
	unknownRegID = "CN_0123456789abcdef0123456789abcdef"
)

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: appSecret, MasterSecret: masterSecret, Package: pkg}

var creds = oppo.Credentials{AppKey: appKey, MasterSecret: masterSecret}

func certFor(click protocol.ClickAction) protocol.Certificate {
	return protocol.Certificate{ID: 7777, Vendor: protocol.VendorOPPO, Package: pkg, Click: click,
		Credentials: map[string]string{"app_id": appID, "app_key": appKey, "app_secret": appSecret, "master_secret": masterSecret}}
}

// env is an OPPO mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *oppo.Server
	hc     *http.Client
	client *oppo.Client

	mu       sync.Mutex
	receipts [][]oppo.Receipt
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...oppo.Option) *env {
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
	srv, err := oppo.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = oppo.NewClient(apiURL, e.hc)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oppo/receipts", func(w http.ResponseWriter, r *http.Request) {
		var got []oppo.Receipt
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.receipts = append(e.receipts, got)
		e.mu.Unlock()
	})
	stop := e.serve("oppo.sim:80", srv.Handler())
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
	if st.Code != oppo.RegisterOK || st.Token == "" {
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

// token gets an auth_token the way a backend does.
func (e *env) token() string {
	e.t.Helper()
	tok, err := e.client.Auth(context.Background(), creds)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok.Value
}

// raw posts a form as is and decodes the answer.
func (e *env) raw(method, path string, form url.Values, header http.Header) oppo.Response {
	e.t.Helper()
	u := apiURL + path
	var body io.Reader
	if method == http.MethodGet {
		u += "?" + form.Encode()
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r oppo.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.t.Fatalf("%s %s: %d %q: %v", method, path, resp.StatusCode, data, err)
	}
	return r
}

// unicast sends m with the client.
func (e *env) unicast(m oppo.Message) oppo.Response {
	e.t.Helper()
	r, err := e.client.Unicast(context.Background(), creds, m)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

func (e *env) gotReceipts() [][]oppo.Receipt {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][]oppo.Receipt(nil), e.receipts...)
}

// note is a plain notification on the app's channel.
func note(title, content string) *oppo.Notification {
	return &oppo.Notification{Title: title, Content: content, ChannelID: channel}
}

// to addresses n to a regId.
func to(regID string, n *oppo.Notification) oppo.Message {
	return oppo.Message{TargetType: oppo.TargetRegID, TargetValue: regID, Notification: n}
}

// messageID reads a unicast answer's message ID.
func messageID(t *testing.T, r oppo.Response) string {
	t.Helper()
	var d oppo.UnicastData
	if err := r.DataAs(&d); err != nil || d.MessageID == "" {
		t.Fatalf("answer %+v has no messageId", r)
	}
	return d.MessageID
}
