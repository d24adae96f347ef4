package meizu

import (
	"crypto/md5"
	"encoding/hex"
	"net/url"
	"sort"
)

// Sign computes Meizu's request signature: every parameter but "sign",
// sorted by name, written as name=value with raw (not URL-encoded) values
// and nothing between them, then the app secret; MD5 as 32 lowercase hex
// digits. Only the first value of a repeated parameter counts.
func Sign(params url.Values, secret string) string {
	keys := make([]string, 0, len(params))
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
	text := make([]byte, 0, size)
	for _, k := range keys {
		text = append(append(text, k...), '=')
		text = append(text, params.Get(k)...)
	}
	sum := md5.Sum(append(text, secret...))
	return hex.EncodeToString(sum[:])
}
