package fcm

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
)

// Token endpoint paths: oauth2.googleapis.com/token and the older
// www.googleapis.com and accounts.google.com ones.
const (
	PathToken         = "/token"
	PathTokenV4       = "/oauth2/v4/token"
	PathTokenAccounts = "/o/oauth2/token"
)

// DefaultTokenLifetime is how long an access token lives.
const DefaultTokenLifetime = time.Hour

// maxAssertionLife is the longest exp - iat Google accepts, and clockSkew
// how far in the future an assertion may claim to be issued.
const (
	maxAssertionLife = time.Hour
	clockSkew        = 5 * time.Minute
)

// audiences are the token endpoints an assertion may name besides the
// account's own token_uri.
var audiences = []string{DefaultTokenURI, "https://www.googleapis.com/oauth2/v4/token", "https://accounts.google.com/o/oauth2/token"}

// TokenResponse is the token endpoint's success answer.
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	TokenType   string `json:"token_type"`
}

// TokenError is the token endpoint's error answer.
type TokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// grant is one access token the endpoint issued.
type grant struct {
	email   string
	scopes  []string
	expires time.Time
}

// grants remembers issued access tokens.
type grants struct {
	mu     sync.Mutex
	tokens map[string]grant
	issued map[string]int // per account, to derive token values
}

func newGrants() *grants { return &grants{tokens: map[string]grant{}, issued: map[string]int{}} }

// issue draws the token from the seed keyed by the service account's
// private key, which only the account's owner holds.
func (g *grants) issue(root seed.Root, email, secret string, scopes []string, now time.Time, life time.Duration) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.issued[email]++
	tok := "ya29.c." + root.SecretHex(150, secret, "fcm", "access_token", email, strconv.Itoa(g.issued[email]))
	g.tokens[tok] = grant{email: email, scopes: scopes, expires: now.Add(life)}
	return tok
}

func (g *grants) lookup(tok string) (grant, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gr, ok := g.tokens[tok]
	return gr, ok
}

// token serves the token endpoint: the JWT-bearer grant for a service
// account registered with one of the mock's apps.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, TokenError{"invalid_request", "Could not parse the request body."})
		return
	}
	gt := r.PostForm.Get("grant_type")
	switch {
	case gt == "":
		writeJSON(w, http.StatusBadRequest, TokenError{"unsupported_grant_type", "Invalid grant_type: "})
		return
	case gt != GrantTypeJWTBearer:
		writeJSON(w, http.StatusBadRequest, TokenError{"unsupported_grant_type", "Invalid grant_type: " + gt})
		return
	}
	assertion := r.PostForm.Get("assertion")
	if assertion == "" {
		writeJSON(w, http.StatusBadRequest, TokenError{"invalid_request", "Missing required parameter: assertion"})
		return
	}
	tok, e := s.exchange(assertion, time.Now())
	if e != nil {
		writeJSON(w, http.StatusBadRequest, e)
		return
	}
	w.Header().Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
	writeJSON(w, http.StatusOK, tok)
}

// exchange checks an assertion and issues an access token for it.
func (s *Server) exchange(assertion string, now time.Time) (*TokenResponse, *TokenError) {
	badSig := &TokenError{"invalid_grant", "Invalid JWT Signature."}
	t, err := parseJWT(assertion)
	if err != nil {
		return nil, badSig
	}
	var c Assertion
	if json.Unmarshal(t.claims, &c) != nil {
		return nil, badSig
	}
	candidates := s.accounts.withEmail(s.apps, c.Iss)
	if len(candidates) == 0 {
		return nil, &TokenError{"invalid_grant", "Invalid grant: account not found"}
	}
	i := slices.IndexFunc(candidates, func(sa *ServiceAccount) bool {
		key, err := sa.Key()
		return err == nil && (t.header.Kid == "" || t.header.Kid == sa.PrivateKeyID) && t.verifyRS256(&key.PublicKey)
	})
	if i < 0 {
		return nil, badSig
	}
	sa := candidates[i]
	if c.Aud != sa.TokenURI && !slices.Contains(audiences, c.Aud) {
		return nil, &TokenError{"invalid_grant", "Invalid JWT: Failed audience check. The right audience is " + sa.TokenURI}
	}
	iat, exp := time.Unix(c.Iat, 0), time.Unix(c.Exp, 0)
	if c.Iat == 0 || c.Exp == 0 || exp.Sub(iat) > maxAssertionLife || !exp.After(now) || iat.After(now.Add(clockSkew)) {
		return nil, &TokenError{"invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."}
	}
	scopes := strings.Fields(c.Scope)
	if len(scopes) == 0 {
		return nil, &TokenError{"invalid_scope", "Invalid OAuth scope or ID token audience provided."}
	}
	life := s.opts.tokenLifetime
	tok := s.grants.issue(s.cfg.Seed, sa.ClientEmail, sa.PrivateKey, scopes, now, life)
	return &TokenResponse{AccessToken: tok, ExpiresIn: int(life/time.Second) - 1, TokenType: "Bearer"}, nil
}

// sendScopes are the scopes that allow messages:send.
var sendScopes = []string{MessagingScope, "https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/firebase"}

// authorize checks the caller may send for the project. A project whose
// app has no service account is open; one with a service account wants a
// live token issued to that account.
func (s *Server) authorize(r *http.Request, project string, now time.Time) *APIError {
	app, ok := s.apps.Get(project)
	if !ok {
		return permissionDenied(project)
	}
	if app.Secret == "" {
		return nil
	}
	tok := bearer(r)
	if tok == "" {
		return errCredentialsMissing
	}
	g, ok := s.grants.lookup(tok)
	if !ok {
		return errTokenInvalid
	}
	if !now.Before(g.expires) {
		return errTokenExpired
	}
	sa := s.accounts.parse(app.Secret)
	if sa == nil || sa.ClientEmail != g.email {
		return permissionDenied(project)
	}
	if !slices.ContainsFunc(g.scopes, func(sc string) bool { return slices.Contains(sendScopes, sc) }) {
		return &APIError{HTTPStatus: http.StatusForbidden, Status: StatusPermissionDenied, Reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
			Message: "Request had insufficient authentication scopes."}
	}
	return nil
}

// bearer returns the request's bearer token, or "".
func bearer(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}
