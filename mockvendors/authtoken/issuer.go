package authtoken

import (
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

// DefaultLifetime is how long an OPPO or vivo auth token is valid.
const DefaultLifetime = 24 * time.Hour

// Token is one issued auth token.
type Token struct {
	// Value is what the caller sends back.
	Value string
	// AppID is the app the token was issued to.
	AppID string
	// Created and Expires bound its validity: valid while
	// Created <= now < Expires.
	Created time.Time
	Expires time.Time
}

// Valid reports whether t is still valid at now.
func (t Token) Valid(now time.Time) bool { return t.Value != "" && now.Before(t.Expires) }

// Status is what an Issuer knows of a presented token.
type Status int

// Token statuses.
const (
	// StatusValid is a token issued and not yet expired.
	StatusValid Status = iota
	// StatusUnknown is a token never issued (or forgotten long ago).
	StatusUnknown
	// StatusExpired is a token whose lifetime has passed.
	StatusExpired
)

// String names the status.
func (s Status) String() string {
	switch s {
	case StatusValid:
		return "valid"
	case StatusExpired:
		return "expired"
	}
	return "unknown"
}

// Format writes a token value, drawing from rng.
type Format func(rng *rand.Rand) string

// Issuer issues a vendor's auth tokens and checks them.
type Issuer struct {
	root     seed.Root
	vendor   string
	lifetime time.Duration
	format   Format

	mu     sync.Mutex
	tokens map[string]Token
	counts map[string]int // app ID → tokens issued
}

// NewIssuer returns an issuer of tokens that live lifetime (zero means
// DefaultLifetime), written by format.
func NewIssuer(root seed.Root, vendor string, lifetime time.Duration, format Format) *Issuer {
	if lifetime <= 0 {
		lifetime = DefaultLifetime
	}
	return &Issuer{root: root, vendor: vendor, lifetime: lifetime, format: format,
		tokens: map[string]Token{}, counts: map[string]int{}}
}

// Lifetime is how long the issued tokens live.
func (i *Issuer) Lifetime() time.Duration { return i.lifetime }

// Issue issues a new token to the app at now. Earlier tokens stay valid
// until they expire (one app may hold several tokens, as on both services).
// The value is drawn from the seed keyed by the app's secret (the secret
// its auth call was signed with), so the same seed replays the same
// tokens but nobody without the secret can predict one.
func (i *Issuer) Issue(appID, secret string, now time.Time) Token {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.prune(now)
	i.counts[appID]++
	n := strconv.Itoa(i.counts[appID])
	v := i.format(i.root.SecretStream(secret, i.vendor, "authToken", appID, n))
	for i.tokens[v].Value != "" { // never reissue a value
		n += "+"
		v = i.format(i.root.SecretStream(secret, i.vendor, "authToken", appID, n))
	}
	t := Token{Value: v, AppID: appID, Created: now, Expires: now.Add(i.lifetime)}
	i.tokens[v] = t
	return t
}

// Check looks a presented token up at now.
func (i *Issuer) Check(value string, now time.Time) (Token, Status) {
	if value == "" {
		return Token{}, StatusUnknown
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	t, ok := i.tokens[value]
	switch {
	case !ok:
		return Token{}, StatusUnknown
	case !t.Valid(now):
		return t, StatusExpired
	}
	return t, StatusValid
}

// prune forgets tokens that expired more than a lifetime ago (they are
// then unknown rather than expired). i.mu is held.
func (i *Issuer) prune(now time.Time) {
	for v, t := range i.tokens {
		if now.Sub(t.Expires) > i.lifetime {
			delete(i.tokens, v)
		}
	}
}

// UUID writes a token as a lowercase UUID-shaped string
// (8-4-4-4-12 hex digits), as OPPO's auth tokens look.
func UUID(rng *rand.Rand) string {
	b := make([]byte, 16)
	for k := range b {
		b[k] = byte(rng.UintN(256))
	}
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Alnum returns a Format writing n lowercase letters and digits, as vivo's
// auth tokens look ("24ojds98fu3jqrioeu982134jieds9fq43u09uaf" in its
// API document).
func Alnum(n int) Format {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	return func(rng *rand.Rand) string {
		b := make([]byte, n)
		for k := range b {
			b[k] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
}
