package apns

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TokenRefresh is how long the client reuses a provider token: 50
// minutes, as sideshow/apns2 does, inside Apple's 20-to-60-minute window.
const TokenRefresh = 50 * time.Minute

// Client calls the provider API (the mock, or the real service) like a
// provider does: it signs a provider token with the team's key, reuses it
// for TokenRefresh, and signs a new one when APNs says it expired. It
// speaks whatever protocol its HTTP client does (HTTP/2 for the real
// service).
type Client struct {
	base string
	hc   *http.Client

	mu     sync.Mutex
	tokens map[string]providerCache
}

type providerCache struct {
	bearer string
	issued time.Time
}

// NewClient returns a client for the API at baseURL (the mock's prefix,
// or BaseURL). A nil httpClient uses one with a 10 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient, tokens: map[string]providerCache{}}
}

// Credentials sign provider tokens: the team, the key's ID and the key.
type Credentials struct {
	TeamID string
	KeyID  string
	Key    *ecdsa.PrivateKey
}

// Notification is one request: the device token, the apns-* headers
// (empty ones are not sent) and the payload.
type Notification struct {
	DeviceToken string
	Topic       string
	PushType    string
	Priority    int
	Expiration  *time.Time
	CollapseID  string
	ID          string
	Payload     []byte
}

// Response is APNs' answer: the status, the apns-id (and apns-unique-id),
// and for a refusal its reason (and the 410 timestamp).
type Response struct {
	Status    int
	ApnsID    string
	UniqueID  string
	Reason    string
	Timestamp int64
}

// Send posts the notification, authenticated with a cached provider
// token; after ExpiredProviderToken it signs a new token and tries once
// more.
func (c *Client) Send(ctx context.Context, cred Credentials, n Notification) (Response, error) {
	for attempt := 0; ; attempt++ {
		bearer, err := c.bearer(cred, attempt > 0)
		if err != nil {
			return Response{}, err
		}
		res, err := c.post(ctx, bearer, n)
		if err != nil || res.Reason != ReasonExpiredProviderToken || attempt > 0 {
			return res, err
		}
	}
}

func (c *Client) post(ctx context.Context, bearer string, n Notification) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+DevicePath(n.DeviceToken), bytes.NewReader(n.Payload))
	if err != nil {
		return Response{}, fmt.Errorf("apns: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("authorization", "bearer "+bearer)
	set := func(k, v string) {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	set("apns-topic", n.Topic)
	set("apns-push-type", n.PushType)
	set("apns-collapse-id", n.CollapseID)
	set("apns-id", n.ID)
	if n.Priority > 0 {
		set("apns-priority", strconv.Itoa(n.Priority))
	}
	if n.Expiration != nil {
		set("apns-expiration", strconv.FormatInt(max(n.Expiration.Unix(), 0), 10))
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("apns: send: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Response{}, fmt.Errorf("apns: read answer: %w", err)
	}
	res := Response{Status: resp.StatusCode, ApnsID: resp.Header.Get("apns-id"), UniqueID: resp.Header.Get("apns-unique-id")}
	if resp.StatusCode == http.StatusOK {
		return res, nil
	}
	var e ErrorBody
	if err := json.Unmarshal(data, &e); err != nil || e.Reason == "" {
		return res, fmt.Errorf("apns: HTTP %d without a reason: %.200s", resp.StatusCode, data)
	}
	res.Reason, res.Timestamp = e.Reason, e.Timestamp
	return res, nil
}

// bearer returns the cached provider token for cred, or signs a new one
// when it is TokenRefresh old or fresh is set.
func (c *Client) bearer(cred Credentials, fresh bool) (string, error) {
	if cred.Key == nil {
		return "", fmt.Errorf("apns: no signing key")
	}
	now := time.Now()
	id := cacheKey(cred)
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tokens[id]; ok && !fresh && now.Sub(t.issued) < TokenRefresh {
		return t.bearer, nil
	}
	b, err := NewProviderToken(cred.TeamID, cred.KeyID, cred.Key, now)
	if err != nil {
		return "", fmt.Errorf("apns: sign provider token: %w", err)
	}
	c.tokens[id] = providerCache{bearer: b, issued: now}
	return b, nil
}

func cacheKey(cred Credentials) string {
	pub, err := cred.Key.PublicKey.Bytes()
	if err != nil {
		// Not a NIST curve key; such a key cannot sign ES256 either.
		pub = nil
	}
	sum := sha256.Sum256(pub)
	return cred.TeamID + "\x00" + cred.KeyID + "\x00" + hex.EncodeToString(sum[:8])
}
