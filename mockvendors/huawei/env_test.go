package huawei_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/protocol"
)

// The test app in AppGallery Connect.
const (
	appID    = "104123456"
	secret   = "s3cr3t"
	pkg      = "com.example.chat"
	apiHost  = "huawei.sim:80"
	apiURL   = "http://" + apiHost
	backend  = mocktest.BackendURL
	callback = backend + "/huawei/receipts"
	cbKey    = "rec3ipt-k3y"
)

var theApp = mockvendors.App{ID: appID, Secret: secret, Package: pkg}

// env is an HMS mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	*mocktest.Env
	srv      *huawei.Server
	client   *huawei.Client
	receipts mocktest.Inbox[receipt]
}

type receipt struct {
	header string
	body   huawei.Receipt
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...huawei.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := huawei.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = huawei.NewClient(apiURL, e.HC)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /huawei/receipts", func(w http.ResponseWriter, r *http.Request) {
		var rc huawei.Receipt
		if err := json.NewDecoder(r.Body).Decode(&rc); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.receipts.Add(receipt{header: r.Header.Get(huawei.CallbackHeader), body: rc})
	})
	e.Start(apiHost, srv, mux)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, protocol.RegisterRequest{AppID: appID, Package: pkg}, huawei.RegisterOK)
}

// token gets an access token for the app from the mock's token endpoint.
func (e *env) token() string {
	e.T.Helper()
	resp, err := e.HC.PostForm(apiURL+huawei.PathTokenV3, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {appID}, "client_secret": {secret}})
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil || t.AccessToken == "" {
		e.T.Fatalf("token: HTTP %d, %v", resp.StatusCode, err)
	}
	return t.AccessToken
}

// raw posts body to an app's messages:send with an Authorization header
// and decodes the answer.
func (e *env) raw(app, authorization, body string) huawei.Response {
	e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, apiURL+huawei.SendPath(app), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := e.HC.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r huawei.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.T.Fatalf("POST: %d %q: %v", resp.StatusCode, data, err)
	}
	r.Status = resp.StatusCode
	return r
}

// send sends req with the client.
func (e *env) send(req huawei.SendRequest) huawei.Response {
	e.T.Helper()
	r, err := e.client.Send(context.Background(), appID, secret, req)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
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
