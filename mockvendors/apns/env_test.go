package apns_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

const apiURL = "http://apns.sim:80"

// env is an APNs mock on an in-memory network. Build it inside a bubble.
type env struct {
	t      *testing.T
	mem    *netsim.Memory
	trace  *trace.Trace
	srv    *apns.Server
	hc     *http.Client
	client *apns.Client
	key    *ecdsa.PrivateKey
	keyPEM string
	token  string
}

func newEnv(t *testing.T, opts []apns.Option, extra ...mockvendors.App) *env {
	t.Helper()
	e := &env{t: t, mem: netsim.NewMemory(), trace: trace.New(time.Now())}
	e.key, e.keyPEM = newKey(t)
	e.hc = netsim.HTTPClient(e.mem, 10*time.Second)
	srv, err := apns.New(mockvendors.Config{Trace: e.trace, Seed: 5, HTTPClient: e.hc,
		Apps:    append([]mockvendors.App{demoApp(e.keyPEM)}, extra...),
		Latency: seed.Latency{Median: time.Second, P99: time.Second}}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = apns.NewClient(apiURL, e.hc)
	ln, err := e.mem.Listen("tcp", "apns.sim:80")
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

// phone registers req on a new device channel.
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

// device registers the demo app and returns its device token.
func (e *env) device(id string) (*fakedevice.Device, string) {
	e.t.Helper()
	dev, st := e.phone(id, protocol.RegisterRequest{AppID: bundle, Package: bundle, Brand: "apple"})
	if st.Code != apns.RegisterOK || !apns.WellFormedDeviceToken(st.Token) {
		e.t.Fatalf("register %s = %+v", id, st)
	}
	return dev, st.Token
}

// bearer is the demo team's provider token, signed once per env as a
// provider reuses it.
func (e *env) bearer() string {
	e.t.Helper()
	if e.token == "" {
		b, err := apns.NewProviderToken(team, keyID, e.key, time.Now())
		if err != nil {
			e.t.Fatal(err)
		}
		e.token = b
	}
	return e.token
}

type answer struct {
	status int
	header http.Header
	body   apns.ErrorBody
	raw    []byte
}

// do sends a raw request; headers map "" values are skipped.
func (e *env) do(method, path string, headers map[string]string, body []byte) answer {
	e.t.Helper()
	req, err := http.NewRequest(method, apiURL+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range headers {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			e.t.Fatalf("answer %d %q is not JSON: %v", a.status, raw, err)
		}
	}
	return a
}

// headers are a valid request's headers with the bearer.
func (e *env) headers(bearer string) map[string]string {
	return map[string]string{"authorization": "bearer " + bearer, "apns-topic": bundle, "apns-push-type": "alert"}
}

const alertJSON = `{"aps":{"alert":{"title":"Bob","body":"hi"},"sound":"default"},"ext":"{\"conv\":\"c2c_bob\"}"}`
