package fcm

import (
	"strconv"

	"github.com/pushsim/pushsim/internal/seed"
)

// A registration token is "<instance ID>:APA91b<body>": an 11-character
// (older SDKs) or 22-character instance ID, then a long URL-safe base64
// body. The mock issues 22 + 1 + 140 characters, like current SDKs.
const (
	instanceIDLen = 22
	tokenBodyLen  = 134
	base64URL     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)

// NewToken derives the registration token of the n-th registration of the
// app (Firebase project and package) on a device from the root seed: the
// same inputs give the same token, a reinstall (the next n) a new one.
func NewToken(root seed.Root, projectID, pkg, deviceID string, n int) string {
	rng := root.Stream("fcm", "token", projectID, pkg, deviceID, strconv.Itoa(n))
	b := make([]byte, 0, instanceIDLen+1+6+tokenBodyLen)
	for range instanceIDLen {
		b = append(b, base64URL[rng.IntN(len(base64URL))])
	}
	b = append(b, ":APA91b"...)
	for range tokenBodyLen {
		b = append(b, base64URL[rng.IntN(len(base64URL))])
	}
	return string(b)
}
