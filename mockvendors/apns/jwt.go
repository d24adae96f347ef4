package apns

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"time"
)

// ProviderClaims are a provider token's claims: the team and the moment
// it was issued (unix seconds).
type ProviderClaims struct {
	Iss string `json:"iss"`
	Iat int64  `json:"iat"`
}

type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	Typ string `json:"typ,omitempty"`
}

// NewProviderToken signs a provider token for the team with the key (an
// ES256 .p8 key) named keyID, issued at now.
func NewProviderToken(teamID, keyID string, key *ecdsa.PrivateKey, now time.Time) (string, error) {
	hb, _ := json.Marshal(jwtHeader{Alg: "ES256", Kid: keyID})
	cb, _ := json.Marshal(ProviderClaims{Iss: teamID, Iat: now.Unix()})
	signed := b64(hb) + "." + b64(cb)
	sum := sha256.Sum256([]byte(signed))
	r, s, err := ecdsa.Sign(rand.Reader, key, sum[:])
	if err != nil {
		return "", err
	}
	size := (key.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return signed + "." + b64(sig), nil
}

// providerToken is a parsed, not yet verified provider token.
type providerToken struct {
	header jwtHeader
	claims ProviderClaims
	signed string
	sig    []byte
}

var errMalformed = errors.New("malformed provider token")

func parseProviderToken(s string) (*providerToken, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, errMalformed
	}
	hb, err1 := unb64(parts[0])
	cb, err2 := unb64(parts[1])
	sig, err3 := unb64(parts[2])
	if errors.Join(err1, err2, err3) != nil {
		return nil, errMalformed
	}
	var t providerToken
	if json.Unmarshal(hb, &t.header) != nil || json.Unmarshal(cb, &t.claims) != nil {
		return nil, errMalformed
	}
	if t.header.Alg != "ES256" || t.header.Kid == "" || t.claims.Iss == "" || t.claims.Iat == 0 {
		return nil, errMalformed
	}
	t.signed, t.sig = parts[0]+"."+parts[1], sig
	return &t, nil
}

// verify checks the ES256 signature with pub.
func (t *providerToken) verify(pub *ecdsa.PublicKey) bool {
	size := (pub.Curve.Params().BitSize + 7) / 8
	if len(t.sig) != 2*size {
		return false
	}
	r := new(big.Int).SetBytes(t.sig[:size])
	s := new(big.Int).SetBytes(t.sig[size:])
	sum := sha256.Sum256([]byte(t.signed))
	return ecdsa.Verify(pub, sum[:], r, s)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func unb64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
