package oauth

import (
	"encoding/base64"
	"strconv"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

// DefaultLifetime is how long an access token lives on both vendors
// (expires_in 3600).
const DefaultLifetime = time.Hour

// RetainExpired is how long the issuer remembers an expired token, so
// that presenting it is answered as expired rather than unknown.
const RetainExpired = 24 * time.Hour

// tokenBytes is the size of a token before base64: real tokens are long
// base64 strings ("CF3Xl2XV6…Nm3WccUIaDg==").
const tokenBytes = 96

// Config configures an Issuer.
type Config struct {
	// Vendor prefixes the seed streams tokens are drawn from.
	Vendor string
	// Seed is the root seed.
	Seed seed.Root
	// Lifetime is how long a token lives; zero means DefaultLifetime.
	Lifetime time.Duration
	// Authenticate checks a client's credentials and returns the app the
	// token will be good for. Required by the token endpoint.
	Authenticate func(clientID, secret string) (appID string, ok bool)
}

// Grant is what a token was issued for.
type Grant struct {
	ClientID  string
	AppID     string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Status is the outcome of checking a presented token.
type Status int

// Token check outcomes.
const (
	// Valid: issued and not expired.
	Valid Status = iota
	// Missing: no token was presented.
	Missing
	// Unknown: never issued (or forgotten long after it expired).
	Unknown
	// Expired: issued, and its lifetime has passed.
	Expired
)

// String names the status.
func (s Status) String() string {
	switch s {
	case Valid:
		return "valid"
	case Missing:
		return "missing"
	case Unknown:
		return "unknown"
	case Expired:
		return "expired"
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Issuer issues access tokens and checks them.
type Issuer struct {
	cfg Config

	mu     sync.Mutex
	tokens map[string]Grant
	issued map[string]int // client ID → tokens issued so far
}

// NewIssuer returns an issuer with no tokens.
func NewIssuer(cfg Config) *Issuer {
	if cfg.Lifetime <= 0 {
		cfg.Lifetime = DefaultLifetime
	}
	return &Issuer{cfg: cfg, tokens: map[string]Grant{}, issued: map[string]int{}}
}

// Lifetime is how long a token lives.
func (i *Issuer) Lifetime() time.Duration { return i.cfg.Lifetime }

// Issue issues a new token for clientID, good for appID. The n-th token
// of a client is the same for the same root seed and client secret
// whenever it is asked for; it is drawn from the seed keyed by the secret,
// so nobody without the secret can predict it.
func (i *Issuer) Issue(clientID, appID, secret string) (string, Grant) {
	now := time.Now()
	i.mu.Lock()
	defer i.mu.Unlock()
	i.prune(now)
	i.issued[clientID]++
	rng := i.cfg.Seed.SecretStream(secret, i.cfg.Vendor, "access_token", clientID, strconv.Itoa(i.issued[clientID]))
	b := make([]byte, tokenBytes)
	for j := range b {
		b[j] = byte(rng.UintN(256))
	}
	tok := base64.StdEncoding.EncodeToString(b)
	g := Grant{ClientID: clientID, AppID: appID, IssuedAt: now, ExpiresAt: now.Add(i.cfg.Lifetime)}
	i.tokens[tok] = g
	return tok, g
}

// Check looks a presented token up. A token is expired from the instant
// its lifetime has passed.
func (i *Issuer) Check(token string) (Grant, Status) {
	if token == "" {
		return Grant{}, Missing
	}
	i.mu.Lock()
	g, ok := i.tokens[token]
	i.mu.Unlock()
	switch {
	case !ok:
		return Grant{}, Unknown
	case !time.Now().Before(g.ExpiresAt):
		return g, Expired
	}
	return g, Valid
}

// ExpireAll makes every token issued so far expire now, as if an hour
// had passed: the next call with one is refused as expired.
func (i *Issuer) ExpireAll() {
	now := time.Now()
	i.mu.Lock()
	for tok, g := range i.tokens {
		if g.ExpiresAt.After(now) {
			g.ExpiresAt = now
			i.tokens[tok] = g
		}
	}
	i.mu.Unlock()
}

// prune forgets tokens that expired more than RetainExpired ago. i.mu is
// held.
func (i *Issuer) prune(now time.Time) {
	for tok, g := range i.tokens {
		if now.Sub(g.ExpiresAt) > RetainExpired {
			delete(i.tokens, tok)
		}
	}
}
