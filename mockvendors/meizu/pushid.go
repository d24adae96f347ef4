package meizu

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// A PushId identifies one app on one device. Real ones look like
// "RA50c6348036344485d01776773577c64740465480a6b": three upper-case
// letters or digits, then 42 lower-case alphanumerics. The mock issues
// three letters and 42 hex digits.
const pushIDBody = 42

// wellFormed is what the service will even look up: 10 to 64 ASCII
// letters and digits. Anything else (spaces, punctuation, a truncated or
// overlong ID) is illegal, code 110003; a well-formed ID nobody registered
// is 110002.
var wellFormed = charclass.New("0-9A-Za-z") // 10 to 64 of them

// WellFormedPushID reports whether s has the shape of a PushId.
func WellFormedPushID(s string) bool { return wellFormed.Run(s, 10, 64) }

// NewPushID derives the PushId of the n-th registration of app appID on
// device deviceID from the root seed: the same inputs give the same ID,
// and a reinstall (the next n) gives a new one.
func NewPushID(root seed.Root, appID, deviceID string, n int) string {
	parts := []string{"meizu", "pushId", appID, deviceID, strconv.Itoa(n)}
	rng := root.Stream(parts...)
	prefix := make([]byte, 3)
	for i := range prefix {
		prefix[i] = byte('A' + rng.IntN(26))
	}
	return string(prefix) + root.Hex(pushIDBody, parts...)
}
