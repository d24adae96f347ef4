package apns

import (
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// A device token is 32 bytes, written as 64 hex digits.
var deviceTokenDigits = charclass.New("0-9a-fA-F") // 64 of them

// WellFormedDeviceToken reports whether s has the shape of a device token.
func WellFormedDeviceToken(s string) bool { return deviceTokenDigits.Run(s, 64, 64) }

// NewDeviceToken derives the device token of the n-th registration of the
// app (bundle ID) on a device from the root seed: the same inputs give the
// same token, a reinstall (the next n) a new one.
func NewDeviceToken(root seed.Root, bundleID, deviceID string, n int) string {
	return root.Hex(64, "apns", "deviceToken", bundleID, deviceID, strconv.Itoa(n))
}

// normalizeToken lower-cases a hex token: APNs reads the bytes.
func normalizeToken(s string) string { return strings.ToLower(s) }
