package meizu

import "github.com/pushsim/pushsim/mockvendors"

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
	d := messageReader{mockvendors.NewJSONFields([]byte(s))}
	ok := d.Object(topNames, func(i int) bool {
		switch i {
		case 0:
			n := &m.NoticeBarInfo
			return d.Object(noticeBarNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&n.NoticeMsgType)
				case 1:
					return d.flexInt(&n.NoticeBarType)
				case 2:
					return d.String(&n.Title)
				}
				return d.String(&n.Content)
			})
		case 1:
			e := new(NoticeExpandInfo)
			m.NoticeExpandInfo = e
			return d.Object(expandNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&e.NoticeExpandType)
				case 1:
					return d.String(&e.NoticeExpandContent)
				}
				return d.String(&e.NoticeExpandImgURL)
			})
		case 2:
			c := new(ClickTypeInfo)
			m.ClickTypeInfo = c
			return d.Object(clickTypeNames, func(i int) bool {
				switch i {
				case 0:
					return d.flexInt(&c.ClickType)
				case 1:
					return d.String(&c.URL)
				case 2:
					v, ok := d.Value()
					return ok && c.Parameters.UnmarshalJSON(v) == nil
				case 3:
					return d.String(&c.Activity)
				}
				return d.String(&c.CustomAttribute)
			})
		case 3:
			t := new(PushTimeInfo)
			m.PushTimeInfo = t
			return d.Object(pushTimeNames, func(i int) bool {
				if i == 0 {
					return d.optFlexInt(&t.OffLine)
				}
				return d.optFlexInt(&t.ValidTime)
			})
		}
		x := new(Extra)
		m.Extra = x
		return d.Object(extraNames, func(i int) bool {
			switch i {
			case 0:
				return d.String(&x.Callback)
			case 1:
				return d.String(&x.CallbackParam)
			}
			return d.optFlexInt(&x.CallbackType)
		})
	})
	return ok && d.End()
}

// messageReader reads the parts of a messageJson for readNoticeMessage;
// each method reports false on input it leaves to encoding/json.
type messageReader struct{ mockvendors.JSONFields }

// flexInt reads a value that FlexInt.UnmarshalJSON takes into dst.
func (d *messageReader) flexInt(dst *FlexInt) bool {
	v, ok := d.Value()
	return ok && dst.UnmarshalJSON(v) == nil
}

// optFlexInt reads a value that FlexInt.UnmarshalJSON takes into a new
// FlexInt that dst then points to.
func (d *messageReader) optFlexInt(dst **FlexInt) bool {
	*dst = new(FlexInt)
	return d.flexInt(*dst)
}
