package oppo_test

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
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
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
	apiHost      = "oppo.sim:80"
	apiURL       = "http://" + apiHost
	backend      = mocktest.BackendURL
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
	*mocktest.Env
	srv      *oppo.Server
	client   *oppo.Client
	receipts mocktest.Inbox[[]oppo.Receipt]
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...oppo.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := oppo.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = oppo.NewClient(apiURL, e.HC)
	mux := http.NewServeMux()
	mux.Handle("POST /oppo/receipts", mocktest.JSONReceiver(&e.receipts))
	e.Start(apiHost, srv, mux)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, protocol.RegisterRequest{AppID: appID, AppKey: appKey, Package: pkg}, oppo.RegisterOK)
}

// token gets an auth_token the way a backend does.
func (e *env) token() string {
	e.T.Helper()
	tok, err := e.client.Auth(context.Background(), creds)
	if err != nil {
		e.T.Fatal(err)
	}
	return tok.Value
}

// raw posts a form as is and decodes the answer.
func (e *env) raw(method, path string, form url.Values, header http.Header) oppo.Response {
	e.T.Helper()
	u := apiURL + path
	var body io.Reader
	if method == http.MethodGet {
		u += "?" + form.Encode()
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		e.T.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := e.HC.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r oppo.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.T.Fatalf("%s %s: %d %q: %v", method, path, resp.StatusCode, data, err)
	}
	return r
}

// unicast sends m with the client.
func (e *env) unicast(m oppo.Message) oppo.Response {
	e.T.Helper()
	r, err := e.client.Unicast(context.Background(), creds, m)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
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
