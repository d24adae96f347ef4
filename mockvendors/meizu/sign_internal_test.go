package meizu

import (
	"crypto/md5"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// signByConcatenation is the signature as the API document spells it
// out, what Sign replaces: the sorted name=value text and the secret,
// concatenated as strings.
func signByConcatenation(params url.Values, secret string) string {
	var keys []string
	for k := range params {
		if k != "sign" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	text := ""
	for _, k := range keys {
		text += k + "=" + params.Get(k)
	}
	sum := md5.Sum([]byte(text + secret))
	return hex.EncodeToString(sum[:])
}

// FuzzSign checks Sign against signByConcatenation and signMatches
// against strings.EqualFold on Sign, on forms parsed from arbitrary text
// (also more names and longer text than signSum keeps on the stack).
func FuzzSign(f *testing.F) {
	f.Add("appId=1&pushIds=a&messageJson=%7B%7D&sign=x", "s3cr3t", "0123456789ABCDEF0123456789abcdef", 1)
	f.Add("b=x+y&b=z&a=&C=%20", "", "", 40)
	f.Add("k=\u212a", "k", "\u212a", 0)
	f.Fuzz(func(t *testing.T, query, secret, sign string, pad int) {
		params, _ := url.ParseQuery(query)
		if pad = pad % 64; pad > 0 {
			for i := range pad {
				params.Set("p"+strings.Repeat("x", i), strings.Repeat("v", 40))
			}
		}
		want := signByConcatenation(params, secret)
		if got := Sign(params, secret); got != want {
			t.Fatalf("Sign(%v, %q) = %s, want %s", params, secret, got, want)
		}
		for _, s := range []string{sign, want, strings.ToUpper(want)} {
			if got, want := signMatches(s, params, secret), strings.EqualFold(s, want); got != want {
				t.Fatalf("signMatches(%q) = %v, want %v", s, got, want)
			}
		}
	})
}
