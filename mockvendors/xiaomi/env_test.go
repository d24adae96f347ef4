package xiaomi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

// The app as registered on the Xiaomi developer platform.
const (
	appID    = "2882303761517520001"
	appKey   = "5601752000001"
	secret   = "Ew2IY2E6bE2N3kFi4eRg5g=="
	pkg      = "com.example.chat"
	channel  = "im_channel"
	apiHost  = "xiaomi.sim:80"
	apiURL   = "http://" + apiHost
	backend  = mocktest.BackendURL
	callback = backend + "/xiaomi/receipts"
)

// unknownRegID is a well-formed regId nobody registered.
const unknownRegID = "ZvXdJmKzEqK4KdFqjiRJvGy9ZCxBqu8yNJg8n7vc3ZY1jm+t3LZqS9gIjXxgpE6i"

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: secret, Package: pkg}

// env is a Xiaomi mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	*mocktest.Env
	srv      *xiaomi.Server
	client   *xiaomi.Client
	receipts mocktest.Inbox[url.Values]
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...xiaomi.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := xiaomi.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = xiaomi.NewClient(apiURL, e.HC)
	mux := http.NewServeMux()
	mux.Handle("POST /xiaomi/receipts", mocktest.FormReceiver(&e.receipts))
	e.Start(apiHost, srv, mux)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, registerReq(pkg, appID, appKey, id), xiaomi.RegisterOK)
}

// call calls path with the app secret.
func (e *env) call(method, path string, params url.Values) xiaomi.Response {
	e.T.Helper()
	r, err := e.client.Call(context.Background(), method, path, params, secret)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
}

// raw sends a request as is and decodes the answer, which must be HTTP 200.
func (e *env) raw(method, path, auth, body string) xiaomi.Response {
	e.T.Helper()
	req, err := http.NewRequest(method, apiURL+path, strings.NewReader(body))
	if err != nil {
		e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := e.HC.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.T.Fatalf("%s %s: HTTP %d %q, want 200 always", method, path, resp.StatusCode, data)
	}
	var r xiaomi.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.T.Fatalf("%s %s: %q: %v", method, path, data, err)
	}
	return r
}

// push sends msg to regIDs with the client.
func (e *env) push(msg xiaomi.Message, regIDs ...string) xiaomi.Response {
	e.T.Helper()
	r, err := e.client.SendToRegIDs(context.Background(), secret, regIDs, msg)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
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
