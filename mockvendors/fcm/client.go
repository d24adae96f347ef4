package fcm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Client calls the FCM HTTP v1 API (the mock, or the real service) like a
// backend does: with a service account it signs a JWT-bearer assertion,
// exchanges it for an access token, caches the token until shortly before
// it expires and sends with it; without one it sends with no credentials.
type Client struct {
	base string
	hc   *http.Client

	mu     sync.Mutex
	tokens map[string]accessToken // by service account identity
}

type accessToken struct {
	value   string
	expires time.Time
}

// tokenRefreshMargin is how long before its expiry a cached token is
// replaced, as Google's client libraries do.
const tokenRefreshMargin = time.Minute

// googleTokenHosts are token_uri hosts the client reaches at the mock
// (base URL + the URI's path) instead of the real Google endpoint.
var googleTokenHosts = []string{"oauth2.googleapis.com", "www.googleapis.com", "accounts.google.com"}

// NewClient returns a client for the API at baseURL (the mock's prefix,
// or BaseURL). A nil httpClient uses one with a 10 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient, tokens: map[string]accessToken{}}
}

// TokenRefused is the token endpoint's refusal of an assertion.
type TokenRefused struct {
	Status int
	TokenError
}

// Error writes the OAuth error.
func (e *TokenRefused) Error() string {
	return fmt.Sprintf("fcm: token endpoint answered %d %s: %s", e.Status, e.TokenError.Error, e.Description)
}

// SendResult is the API's answer to one send: Name on success, Error on
// failure.
type SendResult struct {
	Status int
	Name   string
	Error  *ErrorResponse
}

// MessageID is the message ID part of a successful send's name.
func (r SendResult) MessageID() string {
	if i := strings.LastIndex(r.Name, "/messages/"); i >= 0 {
		return r.Name[i+len("/messages/"):]
	}
	return r.Name
}

// Send posts req to the project's messages:send. With a service account
// it authenticates with a cached access token, and on a 401 gets a new one
// and tries once more. The error is a transport failure or a
// *TokenRefused.
func (c *Client) Send(ctx context.Context, project string, sa *ServiceAccount, req SendRequest) (SendResult, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return SendResult{}, fmt.Errorf("fcm: encode message: %w", err)
	}
	for attempt := 0; ; attempt++ {
		tok := ""
		if sa != nil {
			if tok, err = c.AccessToken(ctx, sa); err != nil {
				return SendResult{}, err
			}
		}
		res, err := c.post(ctx, project, tok, body)
		if err != nil || res.Status != http.StatusUnauthorized || sa == nil || attempt > 0 {
			return res, err
		}
		c.forget(sa)
	}
}

func (c *Client) post(ctx context.Context, project, tok string, body []byte) (SendResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+SendPath(url.PathEscape(project)), bytes.NewReader(body))
	if err != nil {
		return SendResult{}, fmt.Errorf("fcm: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GOOG-API-FORMAT-VERSION", "2")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return SendResult{}, fmt.Errorf("fcm: send: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return SendResult{}, fmt.Errorf("fcm: read answer: %w", err)
	}
	res := SendResult{Status: resp.StatusCode}
	if resp.StatusCode == http.StatusOK {
		var ok SendResponse
		if err := json.Unmarshal(data, &ok); err != nil || ok.Name == "" {
			return res, fmt.Errorf("fcm: HTTP 200 without a message name: %.200s", data)
		}
		res.Name = ok.Name
		return res, nil
	}
	var e ErrorResponse
	if err := json.Unmarshal(data, &e); err != nil || e.Error.Code == 0 {
		e = ErrorResponse{Error: ErrorBody{Code: resp.StatusCode, Status: http.StatusText(resp.StatusCode), Message: string(trim(data))}}
	}
	res.Error = &e
	return res, nil
}

// AccessToken returns a live access token for sa, from the cache or the
// token endpoint.
func (c *Client) AccessToken(ctx context.Context, sa *ServiceAccount) (string, error) {
	id := identity(sa)
	now := time.Now()
	c.mu.Lock()
	t, ok := c.tokens[id]
	c.mu.Unlock()
	if ok && now.Add(tokenRefreshMargin).Before(t.expires) {
		return t.value, nil
	}
	assertion, err := SignAssertion(sa, MessagingScope, now)
	if err != nil {
		return "", fmt.Errorf("fcm: sign assertion: %w", err)
	}
	form := url.Values{"grant_type": {GrantTypeJWTBearer}, "assertion": {assertion}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL(sa), strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("fcm: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("fcm: token endpoint: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return "", fmt.Errorf("fcm: read token: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		refused := &TokenRefused{Status: resp.StatusCode}
		if json.Unmarshal(data, &refused.TokenError) != nil || refused.TokenError.Error == "" {
			refused.TokenError = TokenError{Error: "http_" + fmt.Sprint(resp.StatusCode), Description: string(trim(data))}
		}
		return "", refused
	}
	var tr TokenResponse
	if err := json.Unmarshal(data, &tr); err != nil || tr.AccessToken == "" {
		return "", errors.New("fcm: the token endpoint answered without an access token")
	}
	c.mu.Lock()
	c.tokens[id] = accessToken{value: tr.AccessToken, expires: now.Add(time.Duration(tr.ExpiresIn) * time.Second)}
	c.mu.Unlock()
	return tr.AccessToken, nil
}

// forget drops the cached token of sa.
func (c *Client) forget(sa *ServiceAccount) {
	c.mu.Lock()
	delete(c.tokens, identity(sa))
	c.mu.Unlock()
}

// tokenURL is where the assertion goes: the account's token_uri, or the
// same path at the client's base URL when that is one of Google's hosts.
func (c *Client) tokenURL(sa *ServiceAccount) string {
	raw := sa.TokenURI
	if raw == "" {
		raw = DefaultTokenURI
	}
	u, err := url.Parse(raw)
	if err != nil || slices.Contains(googleTokenHosts, u.Hostname()) {
		path := PathToken
		if err == nil && u.Path != "" {
			path = u.Path
		}
		return c.base + path
	}
	return raw
}

// identity keys the token cache: the account and a digest of its key, so
// a certificate whose key changed gets a new token.
func identity(sa *ServiceAccount) string {
	sum := sha256.Sum256([]byte(sa.PrivateKey))
	return sa.ClientEmail + "\x00" + sa.TokenURI + "\x00" + hex.EncodeToString(sum[:8])
}

func trim(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) > 200 {
		b = b[:200]
	}
	return b
}
