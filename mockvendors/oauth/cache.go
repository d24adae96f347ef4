package oauth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
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
// drops it. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	token   string
	expires time.Time
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cached{}} }

// key names an entry without holding the secret itself.
func key(tokenURL, clientID, secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return tokenURL + "\x00" + clientID + "\x00" + hex.EncodeToString(sum[:8])
}

// Token returns a live token for the client, asking the token endpoint
// for a new one when none is cached or the cached one has expired. A
// refusal is a *TokenError.
func (c *Cache) Token(ctx context.Context, hc *http.Client, tokenURL, clientID, secret string) (string, error) {
	k := key(tokenURL, clientID, secret)
	c.mu.Lock()
	e, ok := c.entries[k]
	c.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.token, nil
	}
	tok, ttl, err := Fetch(ctx, hc, tokenURL, clientID, secret)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.entries[k] = cached{token: tok, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
	return tok, nil
}

// Forget drops the client's cached token, after the vendor refused it.
func (c *Cache) Forget(tokenURL, clientID, secret string) {
	c.mu.Lock()
	delete(c.entries, key(tokenURL, clientID, secret))
	c.mu.Unlock()
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
