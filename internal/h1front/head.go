package h1front

import (
	"bufio"
	"errors"
	"net/textproto"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// errPassOn is readHead's answer to a request the front does not serve:
// the connection goes to the fallback with the request unread.
var errPassOn = errors.New("h1front: request for the fallback server")

// head is one request head the front serves.
type head struct {
	method, target, host string
	url                  *url.URL
	// lines are the header fields in order, name canonical.
	fields []field
	// contentLength is the body's length (0 without one).
	contentLength int64
	// close is set when the client asked to close after the answer.
	close bool
}

type field struct{ name, value string }

// readHead reads the next request head off br. It returns errPassOn,
// with nothing consumed, for a request the fallback must serve, and the
// read error when the connection ends or times out first. Part of a
// head then the end is the fallback's (net/http answers it), but fewer
// than 4 bytes then the end on a kept-alive connection end it, as they
// end it in net/http.
func readHead(br *bufio.Reader, first bool) (*head, error) {
	n, err := headLength(br, first)
	if err != nil {
		return nil, err
	}
	raw, _ := br.Peek(n)
	h, ok := parseHead(raw)
	if !ok {
		return nil, errPassOn
	}
	_, _ = br.Discard(n)
	return h, nil
}

// headLength waits until the buffer holds a whole head (through the empty
// line) and returns its length; a head that does not fit the buffer, or
// one with a line ending in a bare LF, is errPassOn.
func headLength(br *bufio.Reader, first bool) (int, error) {
	if !first {
		// On a kept-alive connection net/http waits for 4 bytes of the
		// next request and ends the connection without them.
		if _, err := br.Peek(4); err != nil {
			return 0, err
		}
	}
	searched := 0
	for {
		buf, _ := br.Peek(br.Buffered())
		// A line feed not after a carriage return is no line end the
		// front reads; leave the request to net/http.
		for i := searched; i < len(buf); i++ {
			if buf[i] != '\n' {
				continue
			}
			if i == 0 || buf[i-1] != '\r' {
				return 0, errPassOn
			}
			if i >= 3 && buf[i-2] == '\n' && buf[i-3] == '\r' {
				return i + 1, nil
			}
		}
		searched = len(buf)
		if len(buf) >= br.Size() {
			return 0, errPassOn
		}
		if _, err := br.Peek(len(buf) + 1); err != nil {
			if br.Buffered() > 0 {
				// Part of a head, then the end or a timeout: net/http
				// answers or drops it as it would.
				return 0, errPassOn
			}
			return 0, err
		}
	}
}

// parseHead reads a head of the ordinary shape, or reports false.
func parseHead(raw []byte) (*head, bool) {
	// One string holds the whole head; the method, target and every
	// name and value are parts of it.
	s := string(raw[:len(raw)-4])
	line, rest, _ := strings.Cut(s, "\r\n")
	method, rest1, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(rest1, " ")
	if !ok1 || !ok2 || proto != "HTTP/1.1" || !validMethod(method) || !validTarget(target) {
		return nil, false
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return nil, false
	}
	h := &head{method: method, target: target, url: u, fields: make([]field, 0, strings.Count(rest, "\r\n")+1)}
	hosts, lengths := 0, 0
	for rest != "" {
		line, rest, _ = strings.Cut(rest, "\r\n")
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || !httpguts.ValidHeaderFieldName(name) {
			return nil, false
		}
		value = strings.Trim(value, " \t")
		if !httpguts.ValidHeaderFieldValue(value) {
			return nil, false
		}
		name = canonicalName(name)
		switch name {
		case "Host":
			hosts++
			if !httpguts.ValidHostHeader(value) {
				return nil, false
			}
			h.host = value
		case "Content-Length":
			lengths++
			n, ok := parseLength(value)
			if !ok || (lengths > 1 && n != h.contentLength) {
				return nil, false
			}
			h.contentLength = n
		case "Transfer-Encoding", "Upgrade", "Expect", "Http2-Settings", "Te", "Trailer":
			return nil, false
		case "Connection":
			for tok := range strings.SplitSeq(value, ",") {
				switch strings.ToLower(strings.TrimSpace(tok)) {
				case "close":
					h.close = true
				case "upgrade":
					return nil, false
				}
			}
		}
		h.fields = append(h.fields, field{name, value})
	}
	if hosts != 1 {
		return nil, false
	}
	return h, true
}

// validMethod reports whether m is a token (and not the HTTP/2 preface).
func validMethod(m string) bool {
	if m == "" || m == "PRI" {
		return false
	}
	for i := 0; i < len(m); i++ {
		if !httpguts.IsTokenRune(rune(m[i])) {
			return false
		}
	}
	return true
}

// validTarget reports whether t is an origin-form target: a path from
// the root, maybe with a query, of visible ASCII.
func validTarget(t string) bool {
	if t == "" || t[0] != '/' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] >= 0x7f {
			return false
		}
	}
	return true
}

// parseLength reads a Content-Length value: decimal digits, at most 18.
func parseLength(v string) (int64, bool) {
	if v == "" || len(v) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(v[i]-'0')
	}
	return n, true
}

// commonNames are header names in canonical form, returned as constants
// so the common ones cost nothing.
var commonNames = map[string]string{}

func init() {
	for _, n := range []string{"Host", "Content-Length", "Content-Type", "Authorization", "User-Agent",
		"Accept", "Accept-Encoding", "Accept-Language", "Connection", "Cookie", "Origin", "Referer",
		"Transfer-Encoding", "Upgrade", "Expect", "Http2-Settings", "Te", "Trailer", "Cache-Control",
		"X-Forwarded-For", "Sign", "Timestamp", "Nonce", "Token", "Auth-Token", "Apns-Topic"} {
		commonNames[n] = n
	}
}

// canonicalName is name in canonical form (textproto's rule).
func canonicalName(name string) string {
	if c, ok := commonNames[name]; ok {
		return c
	}
	c := textproto.CanonicalMIMEHeaderKey(name)
	if k, ok := commonNames[c]; ok {
		return k
	}
	return c
}

// hasToken reports whether the comma-separated list v holds tok, case
// insensitively.
func hasToken(v, tok string) bool {
	for t := range strings.SplitSeq(v, ",") {
		if strings.EqualFold(strings.TrimSpace(t), tok) {
			return true
		}
	}
	return false
}
