package meizu

import (
	"crypto/md5"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Sign computes Meizu's request signature: every parameter but "sign",
// sorted by name, written as name=value with raw (not URL-encoded) values
// and nothing between them, then the app secret; MD5 as 32 lowercase hex
// digits. Only the first value of a repeated parameter counts.
func Sign(params url.Values, secret string) string {
	sum := signSum(params, secret)
	return hex.EncodeToString(sum[:])
}

// signMatches reports whether sign is Sign(params, secret) but for the
// case of its letters (strings.EqualFold), without making that string.
func signMatches(sign string, params url.Values, secret string) bool {
	sum := signSum(params, secret)
	var text [2 * md5.Size]byte
	hex.Encode(text[:], sum[:])
	return strings.EqualFold(sign, string(text[:]))
}

// signSum is the digest Sign writes out. The names and the signed text
// are kept on the stack while they fit.
func signSum(params url.Values, secret string) [md5.Size]byte {
	var keyBuf [16]string
	keys := keyBuf[:0]
	size := len(secret)
	for k, vs := range params {
		if k != "sign" {
			keys = append(keys, k)
			size += len(k) + 1
			if len(vs) > 0 {
				size += len(vs[0])
			}
		}
	}
	sort.Strings(keys)
	var textBuf [1024]byte
	text := textBuf[:0]
	if size > len(textBuf) {
		text = make([]byte, 0, size)
	}
	for _, k := range keys {
		text = append(append(text, k...), '=')
		text = append(text, params.Get(k)...)
	}
	return md5.Sum(append(text, secret...))
}
