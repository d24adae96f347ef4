package honor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// The test app on the Honor developer site.
const (
	appID        = "104438291"
	clientID     = "8a3f2c1d9e"
	clientSecret = "cl13nt-s3cr3t"
	pkg          = "com.example.chat"
	apiURL       = "http://honor.sim:80"
)

var theApp = mockvendors.App{ID: appID, ClientID: clientID, ClientSecret: clientSecret, Package: pkg}

// unknownToken is well formed and never issued.
var unknownToken = strings.Repeat("Hn0-", 24)

// env is a Honor mock on an in-memory network. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *honor.Server
	hc     *http.Client
	client *honor.Client
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...honor.Option) *env {
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
	srv, err := honor.New(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = honor.NewClient(apiURL, e.hc)
	ln, err := e.mem.Listen("tcp", "honor.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = hs.Serve(ln)
	}()
	t.Cleanup(func() {
		srv.Close()
		hs.Close()
		<-done
		e.hc.CloseIdleConnections()
		e.mem.Close()
	})
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.t.Helper()
	dev := e.dial(id)
	st := e.registerOn(dev, protocol.RegisterRequest{AppID: appID, Package: pkg, DeviceID: id})
	if st.Code != honor.RegisterOK || st.Token == "" {
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

// token gets an access token from the token endpoint at path.
func (e *env) token(path, id, secret string) string {
	e.t.Helper()
	resp, err := e.hc.PostForm(apiURL+path, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil || t.AccessToken == "" || t.ExpiresIn != 3600 {
		e.t.Fatalf("token: HTTP %d %+v, %v", resp.StatusCode, t, err)
	}
	return t.AccessToken
}

// raw posts body to an app's sendMessage with the given headers and
// decodes the answer.
func (e *env) raw(app string, header map[string]string, body string) honor.Response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, apiURL+honor.SendPath(app), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r honor.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.t.Fatalf("POST: %d %q: %v", resp.StatusCode, data, err)
	}
	r.Status = resp.StatusCode
	return r
}

// send sends m with the client.
func (e *env) send(m honor.SendMessageRequest) honor.Response {
	e.t.Helper()
	r, err := e.client.Send(context.Background(), appID, clientID, clientSecret, m)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

// note is a notification to tokens that opens the app.
func note(title, body string, tokens ...string) honor.SendMessageRequest {
	return honor.SendMessageRequest{
		Android: &honor.AndroidConfig{Notification: &honor.AndroidNotification{Title: title, Body: body,
			ClickAction: &honor.ClickAction{Type: honor.ClickApp}}},
		Token: tokens,
	}
}
