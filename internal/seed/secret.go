package seed

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
)

// SecretStream returns a generator derived from the root seed, the name
// parts and a secret: seeded with HMAC-SHA256 keyed by secret over the
// root and the parts. The same root, secret and parts give the same
// sequence, so runs replay; without the secret nobody can compute it,
// whatever they know of the seed. Use it for credentials.
func (r Root) SecretStream(secret string, parts ...string) *rand.Rand {
	var key [32]byte
	copy(key[:], r.secretSum(secret, parts))
	return rand.New(rand.NewChaCha8(key))
}

// SecretHex returns n lowercase hex characters drawn from SecretStream.
func (r Root) SecretHex(n int, secret string, parts ...string) string {
	rng := r.SecretStream(secret, parts...)
	b := make([]byte, (n+1)/2)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return hex.EncodeToString(b)[:n]
}

// secretSum is HMAC-SHA256(secret, root | part | part ...), each field
// ended by a zero byte.
func (r Root) secretSum(secret string, parts []string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("secret:" + strconv.FormatUint(uint64(r), 10)))
	for _, p := range parts {
		m.Write([]byte{0})
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}
