package meizu_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
)

// The seed document's app.
const (
	appID    = "1234512345123451234"
	appKey   = "1234512345123"
	secret   = "s3cr3t"
	pkg      = "com.example.chat"
	apiHost  = "meizu.sim:80"
	apiURL   = "http://" + apiHost
	backend  = mocktest.BackendURL
	callback = backend + "/meizu/receipts"
	token    = "acc3ss"
)

var theApp = mockvendors.App{ID: appID, Key: appKey, Secret: secret, Package: pkg, AccessToken: token}

// env is a Meizu mock on an in-memory network, with a backend that
// collects receipts. Build it inside a bubble.
type env struct {
	*mocktest.Env
	srv      *meizu.Server
	client   *meizu.Client
	receipts mocktest.Inbox[url.Values]
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...meizu.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := meizu.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = meizu.NewClient(apiURL, e.HC)
	mux := http.NewServeMux()
	mux.Handle("POST /meizu/receipts", mocktest.FormReceiver(&e.receipts))
	e.Start(apiHost, srv, mux)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg}, meizu.CodeOK)
}

// call signs params with the app secret and calls path.
func (e *env) call(method, path string, params url.Values) meizu.Response {
	e.T.Helper()
	r, err := e.client.Call(context.Background(), method, path, params, secret)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
}

// raw posts a form as is and decodes the answer.
func (e *env) raw(path string, form url.Values) meizu.Response {
	e.T.Helper()
	resp, err := e.HC.PostForm(apiURL+path, form)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r meizu.Response
	if err := json.Unmarshal(body, &r); err != nil {
		e.T.Fatalf("POST %s: %d %q: %v", path, resp.StatusCode, body, err)
	}
	return r
}

// push sends msg to pushIDs with the client.
func (e *env) push(msg meizu.NoticeMessage, pushIDs ...string) meizu.Response {
	e.T.Helper()
	r, err := e.client.PushByPushID(context.Background(), appID, secret, pushIDs, msg)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
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
