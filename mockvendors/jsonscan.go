package mockvendors

import (
	"strings"
	"unicode/utf8"
)

// CutJSONMember reads, from the start of s, the text name (such as
// `,"code":`) and then a plain JSON string: valid UTF-8 without control
// characters or backslashes, whose content json.Unmarshal reads as it
// is. It returns that content and what follows the string; ok is false
// when s does not start so.
func CutJSONMember(s, name string) (value, rest string, ok bool) {
	s, ok = strings.CutPrefix(s, name)
	if !ok || s == "" || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			if !utf8.ValidString(s[1:i]) {
				return "", "", false
			}
			return s[1:i], s[i+1:], true
		case c < 0x20 || c == '\\':
			return "", "", false
		}
	}
	return "", "", false
}
