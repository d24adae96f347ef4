package oauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// TokenError is a token endpoint's refusal.
type TokenError struct {
	Status      int
	Code        string
	Description string
}

// Error writes the status, code and description.
func (e *TokenError) Error() string {
	return fmt.Sprintf("token endpoint answered HTTP %d %s: %s", e.Status, e.Code, e.Description)
}

// Cache is a backend's store of access tokens: one per token endpoint,
// client ID and secret, kept until its expires_in has passed or Forget
// drops it. It keeps them in an authtoken.Cache without a refresh margin,
// under a key that does not hold the secret. It is safe for concurrent use.
type Cache struct {
	tokens *authtoken.Cache
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{tokens: authtoken.NewCache(authtoken.NoRefreshMargin)} }

// Token returns a live token for the client, asking the token endpoint
// for a new one when none is cached or the cached one has expired. A
// refusal is a *TokenError.
func (c *Cache) Token(ctx context.Context, hc *http.Client, tokenURL, clientID, secret string) (string, error) {
	k := authtoken.Key(tokenURL, clientID, secret)
	if t, ok := c.tokens.Get(k, time.Now()); ok {
		return t.Value, nil
	}
	tok, ttl, err := Fetch(ctx, hc, tokenURL, clientID, secret)
	if err != nil {
		return "", err
	}
	now := time.Now()
	c.tokens.Put(k, authtoken.Token{Value: tok, Created: now, Expires: now.Add(ttl)})
	return tok, nil
}

// Forget drops the client's cached token, after the vendor refused it.
func (c *Cache) Forget(tokenURL, clientID, secret string) {
	c.tokens.Forget(authtoken.Key(tokenURL, clientID, secret))
}

// Fetch asks the token endpoint for a token with the client credentials
// grant and returns it with its lifetime.
func Fetch(ctx context.Context, hc *http.Client, tokenURL, clientID, secret string) (string, time.Duration, error) {
	form := url.Values{"grant_type": {GrantClientCredentials}, "client_id": {clientID}, "client_secret": {secret}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("token request: %s", redact(err.Error(), secret))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxForm))
	if err != nil {
		return "", 0, fmt.Errorf("read token answer: %w", err)
	}
	var t TokenResponse
	if err := json.Unmarshal(body, &t); err != nil {
		return "", 0, fmt.Errorf("token endpoint answered HTTP %d, not a token response: %.200s", resp.StatusCode, body)
	}
	if resp.StatusCode != http.StatusOK || t.AccessToken == "" {
		return "", 0, &TokenError{Status: resp.StatusCode, Code: t.Error, Description: t.ErrorDescription}
	}
	ttl := time.Duration(t.ExpiresIn) * time.Second
	if ttl <= 0 {
		ttl = DefaultLifetime
	}
	return t.AccessToken, ttl, nil
}

// redact keeps a secret out of an error text.
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	s = strings.ReplaceAll(s, url.QueryEscape(secret), "***")
	return strings.ReplaceAll(s, secret, "***")
}
