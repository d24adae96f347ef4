package honor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// Client calls Honor's server API (the mock, or the real service) like a
// backend does: it gets an access token with the app's client ID and
// secret, keeps it until it expires, and when a send is refused with
// 80200001 or 80200003 gets a new one and sends once more.
type Client struct {
	push   string
	auth   string
	hc     *http.Client
	tokens *oauth.Cache
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithAuthURL sets the token endpoint's full URL (default: baseURL +
// PathToken; the real one is AuthBaseURL + PathToken).
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
	c := &Client{push: base, auth: base + PathToken, hc: httpClient, tokens: oauth.NewCache()}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Send sends m for app appID, authenticating with the client ID and
// secret. A token endpoint refusal is an *oauth.TokenError; any Honor
// answer, success or not, is a Response.
func (c *Client) Send(ctx context.Context, appID, clientID, clientSecret string, m SendMessageRequest) (Response, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return Response{}, fmt.Errorf("honor: encode message: %w", err)
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx, c.hc, c.auth, clientID, clientSecret)
		if err != nil {
			return Response{}, fmt.Errorf("honor: %w", err)
		}
		resp, err := c.call(ctx, appID, tok, body)
		if err != nil || attempt > 0 || (resp.Code != CodeAuthError && resp.Code != CodeTokenExpired) {
			return resp, err
		}
		c.tokens.Forget(c.auth, clientID, clientSecret)
	}
}

// call posts one sendMessage with the timestamp in milliseconds.
func (c *Client) call(ctx context.Context, appID, token string, body []byte) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.push+SendPath(appID), bytes.NewReader(body))
	if err != nil {
		return Response{}, fmt.Errorf("honor: %w", err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(time.Now().UnixMilli(), 10))
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("honor: POST %s: %w", SendPath(appID), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("honor: read answer: %w", err)
	}
	var r Response
	if err := json.Unmarshal(data, &r); err != nil || r.Code == 0 {
		return Response{}, fmt.Errorf("honor: %s answered HTTP %d, not a Honor response: %.200s", SendPath(appID), resp.StatusCode, data)
	}
	r.Status = resp.StatusCode
	return r, nil
}
