package honor_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/mockvendors/internal/fakedevice"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/protocol"
)

// The test app on the Honor developer site.
const (
	appID        = "104438291"
	clientID     = "8a3f2c1d9e"
	clientSecret = "cl13nt-s3cr3t"
	pkg          = "com.example.chat"
	apiHost      = "honor.sim:80"
	apiURL       = "http://" + apiHost
)

var theApp = mockvendors.App{ID: appID, ClientID: clientID, ClientSecret: clientSecret, Package: pkg}

// unknownToken is well formed and never issued.
var unknownToken = strings.Repeat("Hn0-", 24)

// env is a Honor mock on an in-memory network. Build it inside a bubble.
type env struct {
	*mocktest.Env
	srv    *honor.Server
	client *honor.Client
}

func newEnv(t *testing.T, cfg mockvendors.Config, opts ...honor.Option) *env {
	t.Helper()
	e := &env{Env: mocktest.New(t)}
	srv, err := honor.New(e.Config(cfg, theApp), opts...)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.client = honor.NewClient(apiURL, e.HC)
	e.Start(apiHost, srv, nil)
	return e
}

// phone opens a device channel for device id and registers the app.
func (e *env) phone(id string) (*fakedevice.Device, string) {
	e.T.Helper()
	return e.Phone(id, protocol.RegisterRequest{AppID: appID, Package: pkg}, honor.RegisterOK)
}

// token gets an access token from the token endpoint at path.
func (e *env) token(path, id, secret string) string {
	e.T.Helper()
	resp, err := e.HC.PostForm(apiURL+path, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil || t.AccessToken == "" || t.ExpiresIn != 3600 {
		e.T.Fatalf("token: HTTP %d %+v, %v", resp.StatusCode, t, err)
	}
	return t.AccessToken
}

// raw posts body to an app's sendMessage with the given headers and
// decodes the answer.
func (e *env) raw(app string, header map[string]string, body string) honor.Response {
	e.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, apiURL+honor.SendPath(app), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.HC.Do(req)
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var r honor.Response
	if err := json.Unmarshal(data, &r); err != nil {
		e.T.Fatalf("POST: %d %q: %v", resp.StatusCode, data, err)
	}
	r.Status = resp.StatusCode
	return r
}

// send sends m with the client.
func (e *env) send(m honor.SendMessageRequest) honor.Response {
	e.T.Helper()
	r, err := e.client.Send(context.Background(), appID, clientID, clientSecret, m)
	if err != nil {
		e.T.Fatal(err)
	}
	return r
}

// note is a notification to tokens that opens the app.
func note(title, body string, tokens ...string) honor.SendMessageRequest {
	return honor.SendMessageRequest{
		Android: &honor.AndroidConfig{Notification: &honor.AndroidNotification{Title: title, Body: body,
			ClickAction: &honor.ClickAction{Type: honor.ClickApp}}},
		Token: tokens,
	}
}
