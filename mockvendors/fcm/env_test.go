package fcm_test

import (
	"bytes"
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
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

const apiURL = "http://fcm.sim:80"

// env is an FCM mock on an in-memory network. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *fcm.Server
	hc     *http.Client
	client *fcm.Client
	sa     *fcm.ServiceAccount
}

// newEnv serves a mock whose demo project has the service account (open
// when withAccount is false), plus any extra apps.
func newEnv(t *testing.T, withAccount bool, opts []fcm.Option, extra ...mockvendors.App) *env {
	t.Helper()
	return newWrappedEnv(t, withAccount, opts, nil, extra...)
}

// newWrappedEnv is newEnv with the mock's handler wrapped by wrap.
func newWrappedEnv(t *testing.T, withAccount bool, opts []fcm.Option, wrap func(http.Handler) http.Handler, extra ...mockvendors.App) *env {
	t.Helper()
	e := &env{t: t, mem: netsim.NewMemory(), trace: trace.New(time.Now()), sa: account(t)}
	e.hc = netsim.HTTPClient(e.mem, 10*time.Second)
	secret := ""
	if withAccount {
		secret = e.sa.JSON()
	}
	apps := append([]mockvendors.App{fcm.AppFor(project, pkg, secret)}, extra...)
	srv, err := fcm.New(mockvendors.Config{Trace: e.trace, Seed: 5, HTTPClient: e.hc, Apps: apps,
		Latency: seed.Latency{Median: time.Second, P99: time.Second}}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = fcm.NewClient(apiURL, e.hc)
	ln, err := e.mem.Listen("tcp", "fcm.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := &http.Server{Handler: h}
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

// phone opens a device channel and registers req (DeviceID id).
func (e *env) phone(id string, req protocol.RegisterRequest) (*fakedevice.Device, protocol.RegisterStatus) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dev, err := fakedevice.Dial(ctx, e.mem, apiURL, id)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(dev.Close)
	req.DeviceID = id
	seq, err := dev.Register(req)
	if err != nil {
		e.t.Fatal(err)
	}
	synctest.Wait()
	st, ok := dev.Status(seq)
	if !ok {
		e.t.Fatal("no register_status")
	}
	return dev, st
}

// device registers the demo app on a device and returns its token.
func (e *env) device(id string) (*fakedevice.Device, string) {
	e.t.Helper()
	dev, st := e.phone(id, protocol.RegisterRequest{AppID: project, Package: pkg, Brand: "google"})
	if st.Code != fcm.RegisterOK || st.Token == "" {
		e.t.Fatalf("register %s = %+v", id, st)
	}
	return dev, st.Token
}

// answer is one HTTP answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) errorResponse(t *testing.T) fcm.ErrorResponse {
	t.Helper()
	var r fcm.ErrorResponse
	if err := json.Unmarshal(a.body, &r); err != nil || r.Error.Code != a.status {
		t.Fatalf("answer %d %s is not a Google error envelope: %v", a.status, a.body, err)
	}
	return r
}

// do sends a request with an optional bearer token.
func (e *env) do(method, path, tok, contentType string, body []byte) answer {
	e.t.Helper()
	req, err := http.NewRequest(method, apiURL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// sendJSON posts a raw messages:send body for the demo project.
func (e *env) sendJSON(tok, body string) answer {
	e.t.Helper()
	return e.do(http.MethodPost, fcm.SendPath(project), tok, "application/json", []byte(body))
}

// tokenFor exchanges an assertion for sa and returns the access token.
func (e *env) tokenFor(sa *fcm.ServiceAccount) string {
	e.t.Helper()
	tok, err := e.client.AccessToken(context.Background(), sa)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// postToken posts a form to the token endpoint.
func (e *env) postToken(form url.Values) answer {
	e.t.Helper()
	return e.do(http.MethodPost, fcm.PathToken, "", "application/x-www-form-urlencoded", []byte(form.Encode()))
}

func (e *env) events(kind trace.Kind) []trace.Event {
	return e.trace.Filter(func(ev trace.Event) bool { return ev.Kind == kind })
}

// msg is a minimal message to token as JSON.
func msg(token string) string {
	return `{"message":{"token":` + quote(token) + `,"notification":{"title":"Bob","body":"hi"}}}`
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }
