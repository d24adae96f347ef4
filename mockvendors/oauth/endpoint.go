package oauth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// maxForm bounds a token request body.
const maxForm = 64 << 10

// GrantClientCredentials is the only grant type the vendors accept.
const GrantClientCredentials = "client_credentials"

// TokenResponse is the token endpoint's answer: the token on success, an
// RFC 6749 error otherwise.
type TokenResponse struct {
	AccessToken      string `json:"access_token,omitempty"`
	ExpiresIn        int    `json:"expires_in,omitempty"`
	TokenType        string `json:"token_type,omitempty"`
	Error            string `json:"error,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// RFC 6749 error codes the endpoint answers with.
const (
	ErrInvalidRequest       = "invalid_request"
	ErrInvalidClient        = "invalid_client"
	ErrUnsupportedGrantType = "unsupported_grant_type"
)

// ServeHTTP is the token endpoint: a form-encoded POST of
// grant_type=client_credentials, client_id and client_secret (also
// accepted as HTTP Basic credentials) answered with
// {"access_token","expires_in","token_type":"Bearer"}. A malformed
// request is 400 invalid_request, another grant type 400
// unsupported_grant_type, wrong credentials 401 invalid_client.
func (i *Issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeToken(w, http.StatusMethodNotAllowed, TokenResponse{Error: ErrInvalidRequest, ErrorDescription: "the token endpoint takes POST"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		writeToken(w, http.StatusBadRequest, TokenResponse{Error: ErrInvalidRequest, ErrorDescription: "the body is not a valid form"})
		return
	}
	grant := strings.TrimSpace(r.PostForm.Get("grant_type"))
	id := r.PostForm.Get("client_id")
	secret := r.PostForm.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok && id == "" && secret == "" {
		id, secret = u, p
	}
	switch {
	case grant == "":
		writeToken(w, http.StatusBadRequest, TokenResponse{Error: ErrInvalidRequest, ErrorDescription: "missing required parameter: grant_type"})
		return
	case grant != GrantClientCredentials:
		writeToken(w, http.StatusBadRequest, TokenResponse{Error: ErrUnsupportedGrantType, ErrorDescription: "only client_credentials is supported"})
		return
	case id == "":
		writeToken(w, http.StatusBadRequest, TokenResponse{Error: ErrInvalidRequest, ErrorDescription: "missing required parameter: client_id"})
		return
	case secret == "":
		writeToken(w, http.StatusBadRequest, TokenResponse{Error: ErrInvalidRequest, ErrorDescription: "missing required parameter: client_secret"})
		return
	}
	var appID string
	ok := false
	if i.cfg.Authenticate != nil {
		appID, ok = i.cfg.Authenticate(id, secret)
	}
	if !ok {
		writeToken(w, http.StatusUnauthorized, TokenResponse{Error: ErrInvalidClient, ErrorDescription: "invalid client credentials"})
		return
	}
	tok, _ := i.Issue(id, appID, secret)
	writeToken(w, http.StatusOK, TokenResponse{AccessToken: tok, ExpiresIn: int(i.cfg.Lifetime.Seconds()), TokenType: "Bearer"})
}

func writeToken(w http.ResponseWriter, status int, t TokenResponse) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(t)
}

// BearerToken returns the access token an Authorization header value
// carries: "Bearer <token>" in any case; with bare set, a value without
// the scheme is taken as the token itself (Honor clients send that).
func BearerToken(header string, bare bool) string {
	h := strings.TrimSpace(header)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	if bare && !strings.ContainsAny(h, " \t") {
		return h
	}
	return ""
}
