package protocol

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// AppendDeviceFrame appends f's JSON encoding to dst: the bytes
// json.Marshal(f) gives, and its error, without reflection. A payload it
// cannot copy as it stands (not compact, or with characters json.Marshal
// escapes) is left to json.Marshal.
func AppendDeviceFrame(dst []byte, f *DeviceFrame) ([]byte, error) {
	if n := f.Notification; n != nil && !payloadVerbatim(n.Payload) {
		g := *f // only this copy escapes, not every f
		b, err := json.Marshal(&g)
		if err != nil {
			return dst, err
		}
		return append(dst, b...), nil
	}
	dst = append(dst, `{"type":`...)
	dst = appendString(dst, f.Type)
	if f.Seq != 0 {
		dst = append(dst, `,"seq":`...)
		dst = strconv.AppendUint(dst, f.Seq, 10)
	}
	if r := f.Register; r != nil {
		dst = append(dst, `,"register":{"appId":`...)
		dst = appendString(dst, r.AppID)
		dst = append(dst, `,"appKey":`...)
		dst = appendString(dst, r.AppKey)
		dst = append(dst, `,"package":`...)
		dst = appendString(dst, r.Package)
		dst = append(dst, `,"deviceId":`...)
		dst = appendString(dst, r.DeviceID)
		dst = append(dst, `,"brand":`...)
		dst = appendString(dst, r.Brand)
		if r.ROM != "" {
			dst = append(dst, `,"rom":`...)
			dst = appendString(dst, r.ROM)
		}
		if r.Android != 0 {
			dst = append(dst, `,"android":`...)
			dst = strconv.AppendInt(dst, int64(r.Android), 10)
		}
		dst = append(dst, '}')
	}
	if s := f.Status; s != nil {
		dst = append(dst, `,"status":{"code":`...)
		dst = appendString(dst, s.Code)
		if s.Message != "" {
			dst = append(dst, `,"message":`...)
			dst = appendString(dst, s.Message)
		}
		if s.Token != "" {
			dst = append(dst, `,"token":`...)
			dst = appendString(dst, s.Token)
		}
		dst = append(dst, '}')
	}
	if n := f.Notification; n != nil {
		dst = append(dst, `,"notification":{"msgId":`...)
		dst = appendString(dst, n.MsgID)
		dst = append(dst, `,"token":`...)
		dst = appendString(dst, n.Token)
		dst = append(dst, `,"package":`...)
		dst = appendString(dst, n.Package)
		dst = append(dst, `,"payload":`...)
		if n.Payload == nil {
			dst = append(dst, "null"...)
		} else {
			dst = append(dst, n.Payload...)
		}
		dst = append(dst, '}')
	}
	if f.MsgID != "" {
		dst = append(dst, `,"msgId":`...)
		dst = appendString(dst, f.MsgID)
	}
	if f.Token != "" {
		dst = append(dst, `,"token":`...)
		dst = appendString(dst, f.Token)
	}
	return append(dst, '}'), nil
}

// payloadVerbatim reports whether json.Marshal copies p as it stands: nil
// (null), or valid JSON with no whitespace (which it would compact away)
// and none of the characters it escapes inside strings (<, >, & and the
// line and paragraph separators, whose UTF-8 starts with 0xE2).
func payloadVerbatim(p json.RawMessage) bool {
	if p == nil {
		return true
	}
	for _, c := range p {
		switch c {
		case ' ', '\t', '\n', '\r', '<', '>', '&', 0xE2:
			return false
		}
	}
	return json.Valid(p)
}

const hexDigits = "0123456789abcdef"

// invalidUTF8 is what json.Marshal writes for a byte of a string that is
// not UTF-8: U+FFFD, escaped (`\ufffd`) by encoding/json before its v2
// implementation and as it is since.
var invalidUTF8 = func() string {
	b, err := json.Marshal("\xff")
	if err != nil || len(b) < 2 {
		return `\ufffd`
	}
	return string(b[1 : len(b)-1])
}()

// appendString appends s as a JSON string, escaped as json.Marshal
// escapes it (HTML characters too; invalid UTF-8 becomes U+FFFD).
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, invalidUTF8...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// ParseDeviceFrame decodes a device channel frame into f as
// json.Unmarshal(data, f) does into a zero frame, and returns its error.
// The frames of every day (type, seq, msgId, token and a notification,
// each key once and spelled exactly, strings without escapes) it decodes
// by hand, with the notification's Payload a slice of data; any other it
// leaves to json.Unmarshal.
func ParseDeviceFrame(data []byte, f *DeviceFrame) error {
	*f = DeviceFrame{}
	if parseFrame(data, f) {
		return nil
	}
	*f = DeviceFrame{}
	return json.Unmarshal(data, f)
}

// frameParser reads a frame the common way; each method reports false on
// anything it leaves to encoding/json.
type frameParser struct {
	b []byte
	i int
}

func parseFrame(data []byte, f *DeviceFrame) bool {
	p := frameParser{b: data}
	const (
		sawType = 1 << iota
		sawSeq
		sawMsgID
		sawToken
		sawNotification
	)
	seen := 0
	if !p.open() {
		return false
	}
	for first := true; ; first = false {
		key, done, ok := p.member(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		var bit int
		switch string(key) {
		case "type":
			bit = sawType
			p.space()
			var t []byte
			t, ok = p.plain()
			f.Type = frameType(t)
		case "seq":
			bit = sawSeq
			f.Seq, ok = p.uint()
		case "msgId":
			bit = sawMsgID
			f.MsgID, ok = p.str()
		case "token":
			bit = sawToken
			f.Token, ok = p.str()
		case "notification":
			bit = sawNotification
			f.Notification = &DeviceNotice{}
			ok = p.notice(f.Notification)
		default:
			return false
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
	}
	p.space()
	return p.i == len(p.b)
}

// frameType returns the constant for a known frame type, so a frame's
// type costs no allocation.
func frameType(t []byte) string {
	for _, k := range [...]string{DeviceNotification, DeviceAck, DeviceRegisterStatus, DeviceClicked, DeviceRegister, DeviceUnregister} {
		if string(t) == k {
			return k
		}
	}
	return string(t)
}

func (p *frameParser) notice(n *DeviceNotice) bool {
	const (
		sawMsgID = 1 << iota
		sawToken
		sawPackage
		sawPayload
	)
	seen := 0
	if !p.open() {
		return false
	}
	for first := true; ; first = false {
		key, done, ok := p.member(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		var bit int
		switch string(key) {
		case "msgId":
			bit = sawMsgID
			n.MsgID, ok = p.str()
		case "token":
			bit = sawToken
			n.Token, ok = p.str()
		case "package":
			bit = sawPackage
			n.Package, ok = p.str()
		case "payload":
			bit = sawPayload
			p.space()
			start := p.i
			ok = p.value(0)
			n.Payload = json.RawMessage(p.b[start:p.i:p.i])
		default:
			return false
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
	}
}

// open reads the '{' that starts an object.
func (p *frameParser) open() bool {
	p.space()
	return p.consume('{')
}

// member reads up to the value of an object's next member, whose key is
// a plain string, or reports done at the object's end; first says whether
// it is the object's first.
func (p *frameParser) member(first bool) (key []byte, done, ok bool) {
	p.space()
	if p.consume('}') {
		return nil, true, true
	}
	if !first && !p.consume(',') {
		return nil, false, false
	}
	p.space()
	key, ok = p.plain()
	if !ok {
		return nil, false, false
	}
	p.space()
	return key, false, p.consume(':')
}

func (p *frameParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *frameParser) consume(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// plain reads a string without escapes or control characters, in valid
// UTF-8, so that its bytes are what it decodes to.
func (p *frameParser) plain() ([]byte, bool) {
	if !p.consume('"') {
		return nil, false
	}
	start := p.i
	ascii := true
	for ; p.i < len(p.b); p.i++ {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// str reads a plain string value.
func (p *frameParser) str() (string, bool) {
	p.space()
	s, ok := p.plain()
	return string(s), ok
}

// uint reads a plain unsigned integer that fits in 19 digits.
func (p *frameParser) uint() (uint64, bool) {
	p.space()
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	digits := p.b[start:p.i]
	if len(digits) == 0 || len(digits) > 19 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	if p.i < len(p.b) {
		switch p.b[p.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	var n uint64
	for _, c := range digits {
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// maxDepth bounds the nesting of a payload read by hand; deeper ones are
// left to encoding/json and its own limit.
const maxDepth = 100

// value skips any valid JSON value, checking it as encoding/json does.
func (p *frameParser) value(depth int) bool {
	if depth > maxDepth || p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		p.space()
		if p.consume('}') {
			return true
		}
		for {
			p.space()
			if !p.skipString() {
				return false
			}
			p.space()
			if !p.consume(':') {
				return false
			}
			p.space()
			if !p.value(depth + 1) {
				return false
			}
			p.space()
			if p.consume('}') {
				return true
			}
			if !p.consume(',') {
				return false
			}
		}
	case c == '[':
		p.i++
		p.space()
		if p.consume(']') {
			return true
		}
		for {
			p.space()
			if !p.value(depth + 1) {
				return false
			}
			p.space()
			if p.consume(']') {
				return true
			}
			if !p.consume(',') {
				return false
			}
		}
	case c == '"':
		return p.skipString()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return false
}

func (p *frameParser) literal(lit string) bool {
	if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
		p.i += len(lit)
		return true
	}
	return false
}

// skipString skips a string with any valid escapes.
func (p *frameParser) skipString() bool {
	if !p.consume('"') {
		return false
	}
	for p.i < len(p.b) {
		c := p.b[p.i]
		p.i++
		switch {
		case c == '"':
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if p.i >= len(p.b) {
				return false
			}
			e := p.b[p.i]
			p.i++
			switch e {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(p.b)-p.i < 4 {
					return false
				}
				for _, h := range p.b[p.i : p.i+4] {
					if !isHex(h) {
						return false
					}
				}
				p.i += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// number skips a number in JSON's grammar.
func (p *frameParser) number() bool {
	p.consume('-')
	switch {
	case p.consume('0'):
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.digits()
	default:
		return false
	}
	if p.consume('.') {
		if !p.digits() {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if !p.consume('+') {
			p.consume('-')
		}
		if !p.digits() {
			return false
		}
	}
	return true
}

// digits skips one or more digits and reports whether there was one.
func (p *frameParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}
