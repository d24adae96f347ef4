package oppo

import (
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// A registration ID (regId) identifies one app on one device. The API
// document's examples look like "CN_078ad8b8a137cadb14ae5b70cf846312": a
// region prefix ("CN_", or "OPPO_CN_" on newer devices; none on old ones,
// which also means China) and 32 hex digits. The mock issues "CN_" and 32
// hex digits.
const regIDBody = 32

// RegIDPrefix is the prefix of the regIds the mock issues.
const RegIDPrefix = "CN_"

// A well-formed regId is what the service will even look up:
// `^(?:[A-Z]{2,8}_){0,2}[0-9A-Za-z]{16,64}$`, an optional region prefix of
// one or two upper-case words each ended by an underscore, then 16 to 64
// letters and digits. Anything else is "Invalid Registration_id" (code
// 10000), as is a well-formed regId nobody registered.
var (
	regionChars = charclass.New("A-Z")
	regIDChars  = charclass.New("0-9A-Za-z")
)

// WellFormedRegID reports whether s has the shape of a regId. An
// underscore only ever ends a prefix word, so each one cuts a word off.
func WellFormedRegID(s string) bool {
	for range 3 {
		word, rest, prefixed := strings.Cut(s, "_")
		if !prefixed {
			return regIDChars.Run(s, 16, 64)
		}
		if !regionChars.Run(word, 2, 8) {
			return false
		}
		s = rest
	}
	return false // a third prefix word
}

// NewRegID derives the regId of the n-th registration of app appID on
// device deviceID from the root seed: the same inputs give the same ID,
// and a reinstall (the next n) gives a new one.
func NewRegID(root seed.Root, appID, deviceID string, n int) string {
	return RegIDPrefix + root.Hex(regIDBody, "oppo", "regId", appID, deviceID, strconv.Itoa(n))
}
