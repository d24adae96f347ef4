package xiaomi

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
)

// RegIDLength is the length of the regIds the mock issues. Real regIds
// are long base64-like strings (letters, digits, "+" and "/"), commonly
// 44 or 64 characters; that "+" and "/" must survive form encoding is
// part of what the mock exercises.
const RegIDLength = 64

const regIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// NewRegID derives the regId of the n-th registration of app appID on
// device deviceID from the root seed: the same inputs give the same ID,
// and a reinstall (the next n) gives a new one.
func NewRegID(root seed.Root, appID, deviceID string, n int) string {
	rng := root.Stream("xiaomi", "regId", appID, deviceID, strconv.Itoa(n))
	b := make([]byte, RegIDLength)
	for i := range b {
		b[i] = regIDAlphabet[rng.IntN(len(regIDAlphabet))]
	}
	return string(b)
}
