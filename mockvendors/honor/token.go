package honor

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
)

// Push tokens are opaque; Honor tells apps not to rely on their length.
// The mock issues 96 characters of [A-Za-z0-9_-].
const tokenLen = 96

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// WellFormedToken reports whether s has the shape of a push token.
func WellFormedToken(s string) bool { return hms.WellFormedToken(s) }

// NewToken derives the push token of the n-th registration of app appID
// on device deviceID from the root seed: the same inputs give the same
// token, and a reinstall (the next n) gives a new one.
func NewToken(root seed.Root, appID, deviceID string, n int) string {
	rng := root.Stream("honor", "token", appID, deviceID, strconv.Itoa(n))
	b := make([]byte, tokenLen)
	for i := range b {
		b[i] = tokenAlphabet[rng.IntN(len(tokenAlphabet))]
	}
	return string(b)
}
