package fcm

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// GrantTypeJWTBearer is the OAuth 2 grant a service account uses.
const GrantTypeJWTBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// jwtHeader is a JWT's header.
type jwtHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ,omitempty"`
	Kid string `json:"kid,omitempty"`
}

// Assertion is the claim set a service account signs to get a token.
type Assertion struct {
	Iss   string `json:"iss"`
	Scope string `json:"scope,omitempty"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
	Sub   string `json:"sub,omitempty"`
}

// SignAssertion signs the JWT-bearer assertion for sa with RS256, as
// Google's client libraries do: issued now, expiring in one hour, for the
// account's token_uri.
func SignAssertion(sa *ServiceAccount, scope string, now time.Time) (string, error) {
	key, err := sa.Key()
	if err != nil {
		return "", err
	}
	aud := sa.TokenURI
	if aud == "" {
		aud = DefaultTokenURI
	}
	iat := now.Unix()
	claims := Assertion{Iss: sa.ClientEmail, Scope: scope, Aud: aud, Iat: iat, Exp: iat + 3600}
	return signRS256(jwtHeader{Alg: "RS256", Typ: "JWT", Kid: sa.PrivateKeyID}, claims, key)
}

func signRS256(h jwtHeader, claims any, key *rsa.PrivateKey) (string, error) {
	hb, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signed := b64(hb) + "." + b64(cb)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signed + "." + b64(sig), nil
}

// jwt is a parsed, not yet verified JWT.
type jwt struct {
	header jwtHeader
	claims []byte
	signed string
	sig    []byte
}

var errMalformedJWT = errors.New("malformed JWT")

func parseJWT(s string) (*jwt, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, errMalformedJWT
	}
	hb, err1 := unb64(parts[0])
	cb, err2 := unb64(parts[1])
	sig, err3 := unb64(parts[2])
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, errMalformedJWT
	}
	var t jwt
	if json.Unmarshal(hb, &t.header) != nil || !json.Valid(cb) {
		return nil, errMalformedJWT
	}
	t.claims, t.signed, t.sig = cb, parts[0]+"."+parts[1], sig
	return &t, nil
}

// verifyRS256 checks t's signature with pub.
func (t *jwt) verifyRS256(pub *rsa.PublicKey) bool {
	if t.header.Alg != "RS256" {
		return false
	}
	sum := sha256.Sum256([]byte(t.signed))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], t.sig) == nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func unb64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
