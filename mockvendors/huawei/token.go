package huawei

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// Push tokens are opaque strings of roughly a hundred or more URL-safe
// characters whose length apps must not rely on. The mock issues 128
// characters of [A-Za-z0-9_-].
const tokenLen = 128

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// wellFormed is what the service will even look up; anything else (a
// space, a quote, a truncated token) is illegal at once.
var wellFormed = charclass.New("0-9A-Za-z_+/=:.-") // 16 to 512 of them

// WellFormedToken reports whether s has the shape of a push token.
func WellFormedToken(s string) bool { return wellFormed.Run(s, 16, 512) }

// NewToken derives the push token of the n-th registration of app appID
// on device deviceID from the root seed: the same inputs give the same
// token, and a reinstall (the next n) gives a new one.
func NewToken(root seed.Root, appID, deviceID string, n int) string {
	rng := root.Stream("huawei", "token", appID, deviceID, strconv.Itoa(n))
	b := make([]byte, tokenLen)
	for i := range b {
		b[i] = tokenAlphabet[rng.IntN(len(tokenAlphabet))]
	}
	return string(b)
}
