package usersig

import (
	"encoding/base64"
	"strings"
)

// toURL turns standard base64 into the UserSig alphabet.
var toURL = strings.NewReplacer("+", "*", "/", "-", "=", "_")

// fromURL turns the UserSig alphabet back into standard base64.
var fromURL = strings.NewReplacer("*", "+", "-", "/", "_", "=")

// encodeURL encodes b as padded standard base64 with '+', '/' and '='
// replaced by '*', '-' and '_'.
func encodeURL(b []byte) string {
	return toURL.Replace(base64.StdEncoding.EncodeToString(b))
}

// decodeURL reverses encodeURL.
func decodeURL(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(fromURL.Replace(s))
}
