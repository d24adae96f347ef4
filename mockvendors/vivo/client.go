package vivo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// Credentials are what a vivo backend authenticates with.
type Credentials struct {
	AppID     string
	AppKey    string
	AppSecret string
}

// RefreshAfter is how long the client uses one authToken before getting
// a new one: vivo asks backends to cache the token centrally and renew it
// every one to two hours, although it lives 24.
const RefreshAfter = 2 * time.Hour

// Client calls vivo's server API (the mock, or the real service) like a
// backend does: it trades the credentials for an authToken, renews it
// every RefreshAfter or when the service refuses it (10000), lets only
// one caller per app authenticate at a time (auth is limited to 10 calls
// a second), and sends it in the authToken header with appId in the body.
type Client struct {
	base   string
	hc     *http.Client
	tokens *authtoken.Cache
	test   bool // pushMode 1
}

// TestMode returns a client like c (sharing its token cache) whose pushes
// are test messages (pushMode 1), which count against vivo's test-mode
// quotas instead of the formal ones.
func (c *Client) TestMode() *Client {
	t := *c
	t.test = true
	return &t
}

// NewClient returns a client for the API at baseURL (e.g. the mock's
// prefix, or BaseURL). A nil httpClient uses one with a 10 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient,
		tokens: authtoken.NewCache(authtoken.DefaultLifetime - RefreshAfter)}
}

// Auth asks for a new authToken. A refusal is an *APIError.
func (c *Client) Auth(ctx context.Context, cr Credentials) (authtoken.Token, error) {
	now := time.Now()
	ts := now.UnixMilli()
	req := AuthRequest{AppID: FlexString(cr.AppID), AppKey: cr.AppKey, Timestamp: FlexInt(ts), Sign: Sign(cr.AppID, cr.AppKey, ts, cr.AppSecret)}
	resp, err := c.post(ctx, PathAuth, "", req)
	if err != nil {
		return authtoken.Token{}, err
	}
	if !resp.OK() {
		return authtoken.Token{}, &APIError{Code: resp.Result, Message: resp.Desc}
	}
	if resp.AuthToken == "" {
		return authtoken.Token{}, fmt.Errorf("vivo: auth answered without an authToken")
	}
	return authtoken.Token{Value: resp.AuthToken, Created: now, Expires: now.Add(authtoken.DefaultLifetime)}, nil
}

// Send sends one message, with the credentials' appId in the body. If the
// service refuses the authToken (10000) the client gets a new one and
// tries once more. An auth failure is an *APIError.
func (c *Client) Send(ctx context.Context, cr Credentials, m SendMessage) (Response, error) {
	if m.AppID == "" {
		m.AppID = FlexString(cr.AppID)
	}
	return c.Call(ctx, cr, PathSend, m)
}

// Call posts body as JSON to path with a good authToken.
func (c *Client) Call(ctx context.Context, cr Credentials, path string, body any) (Response, error) {
	key := authtoken.Key(c.base, cr.AppID, cr.AppKey, cr.AppSecret)
	fetch := func(ctx context.Context) (authtoken.Token, error) { return c.Auth(ctx, cr) }
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx, key, fetch)
		if err != nil {
			return Response{}, err
		}
		resp, err := c.post(ctx, path, tok.Value, body)
		if err != nil {
			return Response{}, err
		}
		if resp.Result == CodeAuthFailed && attempt == 0 {
			c.tokens.Drop(key, tok.Value)
			continue
		}
		return resp, nil
	}
}

// post sends one JSON request and decodes the answer.
func (c *Client) post(ctx context.Context, path, token string, body any) (Response, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return Response{}, fmt.Errorf("vivo: encode %s: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(b))
	if err != nil {
		return Response{}, fmt.Errorf("vivo: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("authToken", token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("vivo: POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("vivo: read %s: %w", path, err)
	}
	var r struct {
		Response
		Result *int `json:"result"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &r) != nil || r.Result == nil {
		return Response{}, fmt.Errorf("vivo: %s answered HTTP %d, not a vivo result: %.200s", path, resp.StatusCode, data)
	}
	out := r.Response
	out.Result = *r.Result
	return out, nil
}
