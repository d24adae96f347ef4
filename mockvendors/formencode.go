package mockvendors

import (
	"net/url"
	"slices"
	"sort"
)

// AppendForm appends params form-encoded exactly as url.Values.Encode
// encodes them, with each name and value pair of set (name, value, name,
// value, ...) put over params as url.Values.Set would: the bytes of
// (a copy of params with each pair Set).Encode(), without the copy or
// the intermediate strings. A trailing unpaired name is ignored.
func AppendForm(dst []byte, params url.Values, set ...string) []byte {
	set = set[:len(set)&^1]
	var arr [16]string
	keys := arr[:0]
	for k := range params {
		if !isSetName(set, k) {
			keys = append(keys, k)
		}
	}
	for i := 0; i < len(set); i += 2 {
		if !isSetName(set[:i], set[i]) {
			keys = append(keys, set[i])
		}
	}
	sort.Strings(keys)
	size := 0
	for _, k := range keys {
		if v, ok := setValue(set, k); ok {
			size += pairLen(k, v)
			continue
		}
		for _, v := range params[k] {
			size += pairLen(k, v)
		}
	}
	dst = slices.Grow(dst, size)
	start := len(dst)
	for _, k := range keys {
		if v, ok := setValue(set, k); ok {
			dst = appendPair(dst, start, k, v)
			continue
		}
		for _, v := range params[k] {
			dst = appendPair(dst, start, k, v)
		}
	}
	return dst
}

// appendPair appends name=value, after a '&' unless it is the first
// pair since start.
func appendPair(dst []byte, start int, name, value string) []byte {
	if len(dst) > start {
		dst = append(dst, '&')
	}
	dst = append(appendQueryEscaped(dst, name), '=')
	return appendQueryEscaped(dst, value)
}

// pairLen is how long appendPair makes name=value and its '&'.
func pairLen(name, value string) int { return queryEscapedLen(name) + queryEscapedLen(value) + 2 }

// isSetName reports whether name is one of the names of the pairs set.
func isSetName(set []string, name string) bool {
	_, ok := setValue(set, name)
	return ok
}

// setValue is the value the last pair of set named name gives it.
func setValue(set []string, name string) (string, bool) {
	v, ok := "", false
	for i := 0; i+1 < len(set); i += 2 {
		if set[i] == name {
			v, ok = set[i+1], true
		}
	}
	return v, ok
}

// AppendQueryEscape appends s escaped as url.QueryEscape escapes it:
// ASCII letters, digits and "-_.~" as they are, a space as '+', every
// other byte as %XX in upper-case hex.
func AppendQueryEscape(dst []byte, s string) []byte {
	return appendQueryEscaped(slices.Grow(dst, queryEscapedLen(s)), s)
}

// appendQueryEscaped is AppendQueryEscape into dst as it comes.
func appendQueryEscaped(dst []byte, s string) []byte {
	const hexDigits = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case unreservedByte[c]:
			dst = append(dst, c)
		case c == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return dst
}

// queryEscapedLen is the length of s escaped by AppendQueryEscape.
func queryEscapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreservedByte[c] && c != ' ' {
			n += 2
		}
	}
	return n
}

// unreservedByte tells the bytes url.QueryEscape keeps as they are.
var unreservedByte = func() (t [256]bool) {
	for c := range t {
		t[c] = unreserved(byte(c))
	}
	return t
}()

// unreserved reports whether url.QueryEscape keeps c as it is.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}
