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
	dst = AppendJSONString(dst, f.Type)
	if f.Seq != 0 {
		dst = append(dst, `,"seq":`...)
		dst = strconv.AppendUint(dst, f.Seq, 10)
	}
	if r := f.Register; r != nil {
		dst = append(dst, `,"register":{"appId":`...)
		dst = AppendJSONString(dst, r.AppID)
		dst = append(dst, `,"appKey":`...)
		dst = AppendJSONString(dst, r.AppKey)
		dst = append(dst, `,"package":`...)
		dst = AppendJSONString(dst, r.Package)
		dst = append(dst, `,"deviceId":`...)
		dst = AppendJSONString(dst, r.DeviceID)
		dst = append(dst, `,"brand":`...)
		dst = AppendJSONString(dst, r.Brand)
		if r.ROM != "" {
			dst = append(dst, `,"rom":`...)
			dst = AppendJSONString(dst, r.ROM)
		}
		if r.Android != 0 {
			dst = append(dst, `,"android":`...)
			dst = strconv.AppendInt(dst, int64(r.Android), 10)
		}
		dst = append(dst, '}')
	}
	if s := f.Status; s != nil {
		dst = append(dst, `,"status":{"code":`...)
		dst = AppendJSONString(dst, s.Code)
		if s.Message != "" {
			dst = append(dst, `,"message":`...)
			dst = AppendJSONString(dst, s.Message)
		}
		if s.Token != "" {
			dst = append(dst, `,"token":`...)
			dst = AppendJSONString(dst, s.Token)
		}
		dst = append(dst, '}')
	}
	if n := f.Notification; n != nil {
		dst = append(dst, `,"notification":{"msgId":`...)
		dst = AppendJSONString(dst, n.MsgID)
		dst = append(dst, `,"token":`...)
		dst = AppendJSONString(dst, n.Token)
		dst = append(dst, `,"package":`...)
		dst = AppendJSONString(dst, n.Package)
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
		dst = AppendJSONString(dst, f.MsgID)
	}
	if f.Token != "" {
		dst = append(dst, `,"token":`...)
		dst = AppendJSONString(dst, f.Token)
	}
	return append(dst, '}'), nil
}

// payloadVerbatim reports whether json.Marshal copies p as it stands: nil
// (null), or valid JSON with no whitespace between its tokens (which it
// would compact away) and none of the characters it escapes inside
// strings (<, >, & and the line and paragraph separators, whose UTF-8
// starts with 0xE2). Spaces inside strings stay as they are.
func payloadVerbatim(p json.RawMessage) bool {
	if p == nil {
		return true
	}
	inString, escaped := false, false
	for _, c := range p {
		switch {
		case c == '<' || c == '>' || c == '&' || c == 0xE2:
			return false
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
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

// AppendJSONString appends s as a JSON string, escaped as json.Marshal
// escapes it (HTML characters too; invalid UTF-8 becomes U+FFFD),
// without allocating.
func AppendJSONString(dst []byte, s string) []byte {
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

// frameNames are the members of a frame parseFrame reads, in the order
// of its switch.
var frameNames = []string{"type", "seq", "msgId", "token", "notification"}

func parseFrame(data []byte, f *DeviceFrame) bool {
	p := NewJSONReader(data)
	ok := p.Object(frameNames, func(i int) (ok bool) {
		switch i {
		case 0:
			var t []byte
			t, ok = p.Plain()
			f.Type = frameType(t)
		case 1:
			f.Seq, ok = p.Uint()
		case 2:
			f.MsgID, ok = p.PlainString()
		case 3:
			f.Token, ok = p.PlainString()
		case 4:
			f.Notification = &DeviceNotice{}
			ok = noticeOf(&p, f.Notification)
		}
		return ok
	})
	return ok && p.End()
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

// noticeNames are the members of a notification noticeOf reads, in the
// order of its switch.
var noticeNames = []string{"msgId", "token", "package", "payload"}

func noticeOf(p *JSONReader, n *DeviceNotice) bool {
	return p.Object(noticeNames, func(i int) (ok bool) {
		switch i {
		case 0:
			n.MsgID, ok = p.PlainString()
		case 1:
			n.Token, ok = p.PlainString()
		case 2:
			n.Package, ok = p.PlainString()
		case 3:
			var v []byte
			v, ok = p.Value()
			n.Payload = json.RawMessage(v)
		}
		return ok
	})
}
