package vivo

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// A regId identifies one app on one device: 23 characters, digits in the
// API document's examples ("15554239157791000000009"). The mock issues 23
// digits starting with 1.

// wellFormed is what the service will even look up; anything else, and a
// well-formed regId nobody registered, is 10302.
var wellFormed = charclass.New("0-9A-Za-z") // 23 of them

// WellFormedRegID reports whether s has the shape of a regId.
func WellFormedRegID(s string) bool { return wellFormed.Run(s, 23, 23) }

// NewRegID derives the regId of the n-th registration of app appID on
// device deviceID from the root seed: the same inputs give the same ID,
// and a reinstall (the next n) gives a new one.
func NewRegID(root seed.Root, appID, deviceID string, n int) string {
	return "1" + mockvendors.Digits(root, RegIDLength-1, "vivo", "regId", appID, deviceID, strconv.Itoa(n))
}
