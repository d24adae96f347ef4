package meizu

import (
	"encoding/json"
	"github.com/pushsim/pushsim/protocol"
	"sort"
	"strconv"
)

// marshalNoticeMessage is json.Marshal(m), written by hand for the
// messages pushsim's client makes and the mock passes on (see
// appendNoticeMessage).
func marshalNoticeMessage(m *NoticeMessage) ([]byte, error) {
	if b, ok := appendNoticeMessage(make([]byte, 0, 256), m); ok {
		return b, nil
	}
	return json.Marshal(m)
}

// appendNoticeMessage appends m as json.Marshal encodes it, when m has no
// noticeExpandInfo, advanceInfo or vipInfo and only string parameters;
// ok is false (and dst unusable) for any other message.
func appendNoticeMessage(dst []byte, m *NoticeMessage) (b []byte, ok bool) {
	if m.NoticeExpandInfo != nil || m.AdvanceInfo != nil || m.VipInfo != nil {
		return dst, false
	}
	n := m.NoticeBarInfo
	b = appendInt(append(dst, `{"noticeBarInfo":{"noticeMsgType":`...), n.NoticeMsgType)
	b = appendInt(append(b, `,"noticeBarType":`...), n.NoticeBarType)
	b = protocol.AppendJSONString(append(b, `,"title":`...), n.Title)
	b = protocol.AppendJSONString(append(b, `,"content":`...), n.Content)
	b = append(b, '}')
	if c := m.ClickTypeInfo; c != nil {
		b = appendInt(append(b, `,"clickTypeInfo":{"clickType":`...), c.ClickType)
		b = appendOptString(b, "url", c.URL)
		if len(c.Parameters) > 0 {
			if b, ok = appendParameters(append(b, `,"parameters":`...), c.Parameters); !ok {
				return b, false
			}
		}
		b = appendOptString(b, "activity", c.Activity)
		b = append(appendOptString(b, "customAttribute", c.CustomAttribute), '}')
	}
	if t := m.PushTimeInfo; t != nil {
		b = append(b, `,"pushTimeInfo":{`...)
		b = appendOptInt(b, "offLine", t.OffLine)
		b = append(appendOptInt(b, "validTime", t.ValidTime), '}')
	}
	if x := m.Extra; x != nil {
		b = append(b, `,"extra":{`...)
		b = appendOptString(b, "callback", x.Callback)
		b = appendOptString(b, "callback.param", x.CallbackParam)
		b = append(appendOptInt(b, "callback.type", x.CallbackType), '}')
	}
	return append(b, '}'), true
}

// appendParameters appends p, whose values must all be strings, as a
// JSON object with its keys sorted.
func appendParameters(b []byte, p Parameters) ([]byte, bool) {
	keys := make([]string, 0, len(p))
	for k, v := range p {
		if _, ok := v.(string); !ok {
			return b, false
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(protocol.AppendJSONString(b, k), ':')
		b = protocol.AppendJSONString(b, p[k].(string))
	}
	return append(b, '}'), true
}

func appendInt(b []byte, v FlexInt) []byte { return strconv.AppendInt(b, int64(v), 10) }

// appendOptString appends ,"name":value to the object open in b (without
// the comma when it comes first), nothing for "" (omitempty).
func appendOptString(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return protocol.AppendJSONString(appendName(b, name), value)
}

// appendOptInt is appendOptString for an optional number (nil omitted).
func appendOptInt(b []byte, name string, v *FlexInt) []byte {
	if v == nil {
		return b
	}
	return appendInt(appendName(b, name), *v)
}

// appendName appends "name": after a comma unless the object open in b
// has no member yet. The names are plain, written as they are.
func appendName(b []byte, name string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(append(append(b, '"'), name...), `":`...)
}
