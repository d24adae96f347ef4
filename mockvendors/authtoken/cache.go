package authtoken

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// DefaultRefreshMargin is how long before expiry a cached token is
// replaced, so a push never goes out with a token about to lapse.
const DefaultRefreshMargin = 10 * time.Minute

// NoRefreshMargin, given to NewCache, keeps a token until it expires.
const NoRefreshMargin time.Duration = -1

// FetchFunc asks the vendor for a new token.
type FetchFunc func(ctx context.Context) (Token, error)

// Cache keeps a backend's auth tokens, one per credential set. It is safe
// for concurrent use; callers for one key wait while one of them fetches.
type Cache struct {
	margin time.Duration

	mu      sync.Mutex
	entries map[string]Token
	slots   map[string]chan struct{} // one fetcher per key
}

// NewCache returns a cache that replaces a token margin before it expires
// (zero means DefaultRefreshMargin, a negative margin such as
// NoRefreshMargin none; a margin beyond the lifetime means every call
// fetches).
func NewCache(margin time.Duration) *Cache {
	switch {
	case margin == 0:
		margin = DefaultRefreshMargin
	case margin < 0:
		margin = 0
	}
	return &Cache{margin: margin, entries: map[string]Token{}, slots: map[string]chan struct{}{}}
}

// Key names a credential set without keeping the secrets themselves: a
// SHA-256 of the parts.
func Key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Get returns the cached token for key if it is good at now.
func (c *Cache) Get(key string, now time.Time) (Token, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.entries[key]
	if !ok || !now.Before(t.Expires.Add(-c.margin)) {
		return Token{}, false
	}
	return t, true
}

// Put stores t for key.
func (c *Cache) Put(key string, t Token) {
	c.mu.Lock()
	c.entries[key] = t
	c.mu.Unlock()
}

// Drop forgets the token for key if it is still value (the vendor refused
// it); a newer token someone else fetched meanwhile is kept.
func (c *Cache) Drop(key, value string) {
	c.mu.Lock()
	if c.entries[key].Value == value {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}

// Forget drops the token for key, whatever its value.
func (c *Cache) Forget(key string) {
	c.mu.Lock()
	delete(c.entries, key)
	c.mu.Unlock()
}

// Token returns a good token for key, fetching one if needed. Only one
// caller per key fetches at a time; the others wait for it (bounded by
// their ctx) and use what it got.
func (c *Cache) Token(ctx context.Context, key string, fetch FetchFunc) (Token, error) {
	if t, ok := c.Get(key, time.Now()); ok {
		return t, nil
	}
	slot := c.slot(key)
	select {
	case slot <- struct{}{}:
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
	defer func() { <-slot }()
	if t, ok := c.Get(key, time.Now()); ok {
		return t, nil
	}
	t, err := fetch(ctx)
	if err != nil {
		return Token{}, err
	}
	c.Put(key, t)
	return t, nil
}

func (c *Cache) slot(key string) chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[key]
	if s == nil {
		s = make(chan struct{}, 1)
		c.slots[key] = s
	}
	return s
}
