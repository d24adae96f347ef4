package huawei

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// Client calls HMS's server API (the mock, or the real service) like a
// backend does: it gets an access token with the app's credentials, keeps
// it until it expires, and when a send is refused with 80200001 or
// 80200003 gets a new one and sends once more.
type Client struct {
	push   string
	auth   string
	hc     *http.Client
	tokens *oauth.Cache
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithAuthURL sets the token endpoint's full URL (default: baseURL +
// PathTokenV3; the real one is AuthBaseURL + PathTokenV3).
func WithAuthURL(tokenURL string) ClientOption {
	return func(c *Client) { c.auth = tokenURL }
}

// NewClient returns a client for the API at baseURL (the mock's prefix,
// or PushBaseURL with WithAuthURL). A nil httpClient uses one with a 10 s
// timeout.
func NewClient(baseURL string, httpClient *http.Client, opts ...ClientOption) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	base := strings.TrimRight(baseURL, "/")
	c := &Client{push: base, auth: base + PathTokenV3, hc: httpClient, tokens: oauth.NewCache()}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Send sends req for the app, authenticating with its App ID and App
// Secret. A token endpoint refusal is an *oauth.TokenError; any HMS answer,
// success or not, is a Response.
func (c *Client) Send(ctx context.Context, appID, appSecret string, req SendRequest) (Response, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return Response{}, fmt.Errorf("huawei: encode message: %w", err)
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx, c.hc, c.auth, appID, appSecret)
		if err != nil {
			return Response{}, fmt.Errorf("huawei: %w", err)
		}
		resp, err := c.call(ctx, appID, tok, body)
		if err != nil || attempt > 0 || (resp.Code != CodeAuthError && resp.Code != CodeTokenExpired) {
			return resp, err
		}
		c.tokens.Forget(c.auth, appID, appSecret)
	}
}

// call posts one messages:send.
func (c *Client) call(ctx context.Context, appID, token string, body []byte) (Response, error) {
	u := c.push + SendPath(appID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return Response{}, fmt.Errorf("huawei: %w", err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("huawei: POST %s: %w", SendPath(appID), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("huawei: read answer: %w", err)
	}
	var r Response
	if err := json.Unmarshal(data, &r); err != nil || r.Code == "" {
		return Response{}, fmt.Errorf("huawei: %s answered HTTP %d, not an HMS response: %.200s", SendPath(appID), resp.StatusCode, data)
	}
	r.Status = resp.StatusCode
	return r, nil
}
