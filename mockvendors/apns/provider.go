package apns

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/asn1"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// clockSkew is how far in the future a token's iat may lie.
const clockSkew = time.Minute

// caller is who a request authenticated as: a team by provider token, or
// a bundle ID by TLS certificate.
type caller struct {
	team       string
	certBundle string
}

type teamKey struct{ team, kid string }

// providers checks provider tokens and remembers the ones it accepted.
type providers struct {
	mu       sync.Mutex
	keys     map[string]*ecdsa.PublicKey // by App.Secret; nil when it does not parse
	accepted map[string]acceptedToken    // by the token as sent
	latest   map[teamKey]time.Time       // when the newest token for a key was first accepted
}

// acceptedToken is what a token accepted before was found to be: its
// claims and the key (an App.Secret) its signature verified with. A
// request with the same token is not parsed and verified again while an
// app still holds that team, key ID and key.
type acceptedToken struct {
	teamKey
	iat    time.Time
	secret string
}

func newProviders() *providers {
	return &providers{keys: map[string]*ecdsa.PublicKey{}, accepted: map[string]acceptedToken{}, latest: map[teamKey]time.Time{}}
}

// known returns what the token was found to be when it was accepted.
func (p *providers) known(tok string) (acceptedToken, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a, ok := p.accepted[tok]
	return a, ok
}

func (p *providers) key(secret string) *ecdsa.PublicKey {
	p.mu.Lock()
	defer p.mu.Unlock()
	if k, ok := p.keys[secret]; ok {
		return k
	}
	var pub *ecdsa.PublicKey
	if k, err := ParseKey(secret); err == nil {
		pub = &k.PublicKey
	}
	p.keys[secret] = pub
	return pub
}

// authenticate checks the provider token or, without one, the TLS client
// certificate. Token checks: well-formed ES256 with kid and iss
// (InvalidProviderToken), signed by the key registered for the team and
// key ID (InvalidProviderToken; checks fail closed: a team with no app, or
// whose apps lack a team ID, key ID or key, has no token that passes),
// issued within the token lifetime (ExpiredProviderToken), and, when new,
// not within the refresh interval of the key's previous new token
// (TooManyProviderTokenUpdates).
func (s *Server) authenticate(r *http.Request, now time.Time) (caller, *Failure) {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
			return s.certificate(r, r.TLS.PeerCertificates, now)
		}
		return caller{}, fail(ReasonMissingProviderToken)
	}
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return caller{}, fail(ReasonInvalidProviderToken)
	}
	raw := strings.TrimSpace(h[7:])
	tok, ok := s.providers.known(raw)
	if !ok || !s.holdsKey(tok.teamKey, tok.secret) {
		var f *Failure
		if tok, f = s.verifyProviderToken(raw); f != nil {
			return caller{}, f
		}
	}
	switch {
	case tok.iat.After(now.Add(clockSkew)):
		return caller{}, fail(ReasonInvalidProviderToken)
	case now.Sub(tok.iat) > s.opts.tokenLifetime:
		return caller{}, fail(ReasonExpiredProviderToken)
	}
	if f := s.providers.admit(raw, tok, now, s.opts); f != nil {
		return caller{}, f
	}
	return caller{team: tok.team}, nil
}

// verifyProviderToken parses raw and checks its ES256 signature with the
// key of every app of its team and key ID.
func (s *Server) verifyProviderToken(raw string) (acceptedToken, *Failure) {
	t, err := parseProviderToken(raw)
	if err != nil {
		return acceptedToken{}, fail(ReasonInvalidProviderToken)
	}
	team, kid := t.claims.Iss, t.header.Kid
	for _, id := range s.apps.IDs() {
		app, _ := s.apps.Get(id)
		if team == "" || kid == "" || app.ClientID != team || app.Key != kid || app.Secret == "" {
			continue
		}
		if pub := s.providers.key(app.Secret); pub != nil && t.verify(pub) {
			return acceptedToken{teamKey: teamKey{team, kid}, iat: time.Unix(t.claims.Iat, 0), secret: app.Secret}, nil
		}
	}
	return acceptedToken{}, fail(ReasonInvalidProviderToken)
}

// holdsKey reports whether an app still has team and key ID k with key
// secret.
func (s *Server) holdsKey(k teamKey, secret string) bool {
	for _, id := range s.apps.IDs() {
		if app, _ := s.apps.Get(id); app.ClientID == k.team && app.Key == k.kid && app.Secret == secret {
			return true
		}
	}
	return false
}

// admit counts a valid token: one seen before passes; a new one passes
// unless the key's previous new token came within the refresh interval.
func (p *providers) admit(tok string, a acceptedToken, now time.Time, o options) *Failure {
	k := a.teamKey
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.accepted[tok]; ok {
		return nil
	}
	if last, ok := p.latest[k]; ok && o.tokenRefresh > 0 && now.Sub(last) < o.tokenRefresh {
		return fail(ReasonTooManyProviderTokenUpdates)
	}
	for t, at := range p.accepted {
		if now.Sub(at.iat) > o.tokenLifetime {
			delete(p.accepted, t)
		}
	}
	p.accepted[tok] = a
	p.latest[k] = now
	return nil
}

// oidUID is the subject UID attribute, where Apple puts the bundle ID.
var oidUID = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}

// Common name prefixes of Apple's push certificates and the environment
// each is good for ("" both).
var certPrefixes = []struct{ prefix, env string }{
	{"Apple Push Services: ", ""},
	{"Apple Development IOS Push Services: ", "sandbox"},
	{"Apple Production IOS Push Services: ", "production"},
}

// certificate authenticates a TLS client certificate chain (leaf first):
// the leaf must chain to a trusted CA (WithClientCAs; with none, no
// certificate passes) for client authentication, name a bundle ID and be
// within its validity (BadCertificate), and be for the host's environment
// (BadCertificateEnvironment).
func (s *Server) certificate(r *http.Request, chain []*x509.Certificate, now time.Time) (caller, *Failure) {
	c := chain[0]
	if now.After(c.NotAfter) || now.Before(c.NotBefore) {
		return caller{}, fail(ReasonBadCertificate)
	}
	roots := s.opts.clientCAs
	if roots == nil {
		return caller{}, fail(ReasonBadCertificate)
	}
	inter := x509.NewCertPool()
	for _, ic := range chain[1:] {
		inter.AddCert(ic)
	}
	if _, err := c.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		return caller{}, fail(ReasonBadCertificate)
	}
	bundle, env := "", ""
	for _, p := range certPrefixes {
		if strings.HasPrefix(c.Subject.CommonName, p.prefix) {
			bundle, env = strings.TrimPrefix(c.Subject.CommonName, p.prefix), p.env
		}
	}
	for _, n := range c.Subject.Names {
		if v, ok := n.Value.(string); ok && n.Type.Equal(oidUID) {
			bundle = v
		}
	}
	if bundle == "" {
		return caller{}, fail(ReasonBadCertificate)
	}
	if he := hostEnv(r.Host); env != "" && he != "" && he != env {
		return caller{}, fail(ReasonBadCertificateEnvironment)
	}
	return caller{certBundle: bundle}, nil
}

// hostEnv is the environment a Host header names, or "" for a host that
// is neither (the harness prefix, a test server).
func hostEnv(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	switch strings.ToLower(host) {
	case HostProduction:
		return "production"
	case HostSandbox:
		return "sandbox"
	}
	return ""
}
