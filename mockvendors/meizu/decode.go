package meizu

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/pushsim/pushsim/protocol"
)

// Members that readNoticeMessage decodes by hand, in each object. Any
// other name (which encoding/json might still match to a field, ignoring
// case) leaves the message to encoding/json.
var (
	topNames       = []string{"noticeBarInfo", "noticeExpandInfo", "clickTypeInfo", "pushTimeInfo", "extra"}
	noticeBarNames = []string{"noticeMsgType", "noticeBarType", "title", "content"}
	expandNames    = []string{"noticeExpandType", "noticeExpandContent", "noticeExpandImgUrl"}
	clickTypeNames = []string{"clickType", "url", "parameters", "activity", "customAttribute"}
	pushTimeNames  = []string{"offLine", "validTime"}
	extraNames     = []string{"callback", "callback.param", "callback.type"}
)

// readNoticeMessage decodes s into m, a zero NoticeMessage, as
// json.Unmarshal does, when s has the common shape: one object whose
// members are among topNames and those of their objects, each once, with
// plain keys, no null, string fields holding strings, and numbers and
// parameters their own UnmarshalJSON takes without error. It reports
// false, leaving m unusable, for any other s.
func readNoticeMessage(s string, m *NoticeMessage) bool {
	d := messageReader{r: protocol.NewJSONReader([]byte(s))}
	ok := d.object(topNames, func(i int) bool {
		switch i {
		case 0:
			n := &m.NoticeBarInfo
			return d.object(noticeBarNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&n.NoticeMsgType)
				case 1:
					return d.flexInt(&n.NoticeBarType)
				case 2:
					return d.str(&n.Title)
				}
				return d.str(&n.Content)
			})
		case 1:
			e := new(NoticeExpandInfo)
			m.NoticeExpandInfo = e
			return d.object(expandNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&e.NoticeExpandType)
				case 1:
					return d.str(&e.NoticeExpandContent)
				}
				return d.str(&e.NoticeExpandImgURL)
			})
		case 2:
			c := new(ClickTypeInfo)
			m.ClickTypeInfo = c
			return d.object(clickTypeNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&c.ClickType)
				case 1:
					return d.str(&c.URL)
				case 2:
					v, ok := d.value()
					return ok && c.Parameters.UnmarshalJSON(v) == nil
				case 3:
					return d.str(&c.Activity)
				}
				return d.str(&c.CustomAttribute)
			})
		case 3:
			t := new(PushTimeInfo)
			m.PushTimeInfo = t
			return d.object(pushTimeNames, func(i int) bool {
				if i == 0 {
					return d.optFlexInt(&t.OffLine)
				}
				return d.optFlexInt(&t.ValidTime)
			})
		}
		x := new(Extra)
		m.Extra = x
		return d.object(extraNames, func(i int) bool {
			switch i {
			case 0:
				return d.str(&x.Callback)
			case 1:
				return d.str(&x.CallbackParam)
			}
			return d.optFlexInt(&x.CallbackType)
		})
	})
	return ok && d.r.End()
}

// messageReader reads the parts of a messageJson for readNoticeMessage;
// each method reports false on input it leaves to encoding/json.
type messageReader struct{ r protocol.JSONReader }

// object reads an object whose members are among names, each at most
// once, calling member with the index of each one's name to read its
// value.
func (d *messageReader) object(names []string, member func(i int) bool) bool {
	if !d.r.Open() {
		return false
	}
	var seen uint
	for first := true; ; first = false {
		key, done, ok := d.r.Member(first)
		if !ok {
			return false
		}
		if done {
			return true
		}
		i := nameIndex(names, key)
		if i < 0 || seen&(1<<i) != 0 || !member(i) {
			return false
		}
		seen |= 1 << i
	}
}

// nameIndex is the index of key in names, or -1.
func nameIndex(names []string, key []byte) int {
	for i, n := range names {
		if n == string(key) {
			return i
		}
	}
	return -1
}

// value reads any value but null.
func (d *messageReader) value() ([]byte, bool) {
	v, ok := d.r.Value()
	return v, ok && string(v) != "null"
}

// str reads a string into dst.
func (d *messageReader) str(dst *string) bool {
	v, ok := d.r.Value()
	if !ok || v[0] != '"' {
		return false
	}
	*dst = stringContent(v)
	return true
}

// flexInt reads a value that FlexInt.UnmarshalJSON takes into dst.
func (d *messageReader) flexInt(dst *FlexInt) bool {
	v, ok := d.value()
	return ok && dst.UnmarshalJSON(v) == nil
}

// optFlexInt reads a value that FlexInt.UnmarshalJSON takes into a new
// FlexInt that dst then points to.
func (d *messageReader) optFlexInt(dst **FlexInt) bool {
	*dst = new(FlexInt)
	return d.flexInt(*dst)
}

// stringContent is what v, a valid JSON string, decodes to.
func stringContent(v []byte) string {
	inner := v[1 : len(v)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(v, &s) // a valid JSON string decodes
	return s
}
