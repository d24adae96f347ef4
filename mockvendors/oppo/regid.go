package oppo

import (
	"regexp"
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
)

// A registration ID (regId) identifies one app on one device. The API
// document's examples look like "CN_078ad8b8a137cadb14ae5b70cf846312": a
// region prefix ("CN_", or "OPPO_CN_" on newer devices; none on old ones,
// which also means China) and 32 hex digits. The mock issues "CN_" and 32
// hex digits.
const regIDBody = 32

// RegIDPrefix is the prefix of the regIds the mock issues.
const RegIDPrefix = "CN_"

// wellFormed is what the service will even look up: an optional region
// prefix of letters and underscores, then 16 to 64 letters and digits.
// Anything else is "Invalid Registration_id" (code 10000), as is a
// well-formed regId nobody registered.
var wellFormed = regexp.MustCompile(`^(?:[A-Z]{2,8}_){0,2}[0-9A-Za-z]{16,64}$`)

// WellFormedRegID reports whether s has the shape of a regId.
func WellFormedRegID(s string) bool { return wellFormed.MatchString(s) }

// NewRegID derives the regId of the n-th registration of app appID on
// device deviceID from the root seed: the same inputs give the same ID,
// and a reinstall (the next n) gives a new one.
func NewRegID(root seed.Root, appID, deviceID string, n int) string {
	return RegIDPrefix + root.Hex(regIDBody, "oppo", "regId", appID, deviceID, strconv.Itoa(n))
}
