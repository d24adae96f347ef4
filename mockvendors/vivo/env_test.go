package vivo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
)

// A test app as vivo's console shows it (APP ID, APP KEY, APP SECRET),
// and where things live on the in-memory network.
const (
	appID        = "10004"
	appKey       = "7c1f3a52-9e4d-4b8a-a0d6-2f5e8b9c4d31"
	appSecret    = "s3cr3t"
	pkg          = "com.example.chat"
	apiHost      = "vivo.sim:80"
	apiURL       = "http://" + apiHost
	backend      = mocktest.BackendURL
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
	*mocktest.Env
	srv      *vivo.Server
	client   *vivo.Client
	receipts mocktest.Inbox[map[string]vivo.ReceiptEntry]
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...vivo.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := vivo.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = vivo.NewClient(apiURL, e.HC)
	mux := http.NewServeMux()
	mux.Handle("POST /vivo/receipts", mocktest.JSONReceiver(&e.receipts))
	e.Start(apiHost, srv, mux)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg}, vivo.RegisterOK)
}

// token gets an authToken the way a backend does.
func (e *env) token() string {
	e.T.Helper()
	tok, err := e.client.Auth(context.Background(), creds)
	if err != nil {
		e.T.Fatal(err)
	}
	return tok.Value
}

// raw posts body (JSON text, or a value to encode) with an authToken
// header ("" for none) and decodes the answer.
func (e *env) raw(path, authToken string, body any) vivo.Response {
	e.T.Helper()
	var b []byte
	if s, ok := body.(string); ok {
		b = []byte(s)
	} else {
		var err error
		if b, err = json.Marshal(body); err != nil {
			e.T.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodPost, apiURL+path, bytes.NewReader(b))
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if authToken != "" {
		req.Header.Set("authToken", authToken)
	}
	resp, err := e.HC.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r vivo.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.T.Fatalf("POST %s: %d %q: %v", path, resp.StatusCode, data, err)
	}
	return r
}

// send sends m with the client.
func (e *env) send(m vivo.SendMessage) vivo.Response {
	e.T.Helper()
	r, err := e.client.Send(context.Background(), creds, m)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
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
