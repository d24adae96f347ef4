package meizu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pushsim/pushsim/mockvendors"
)

// NoticeMessage is the messageJson of a notification-bar ("varnished")
// push. Optional numeric fields with non-zero defaults are pointers; nil
// means the default.
type NoticeMessage struct {
	NoticeBarInfo    NoticeBarInfo     `json:"noticeBarInfo"`
	NoticeExpandInfo *NoticeExpandInfo `json:"noticeExpandInfo,omitempty"`
	ClickTypeInfo    *ClickTypeInfo    `json:"clickTypeInfo,omitempty"`
	PushTimeInfo     *PushTimeInfo     `json:"pushTimeInfo,omitempty"`
	AdvanceInfo      *AdvanceInfo      `json:"advanceInfo,omitempty"`
	VipInfo          json.RawMessage   `json:"vipInfo,omitempty"`
	Extra            *Extra            `json:"extra,omitempty"`
}

// Notice message types (noticeBarInfo.noticeMsgType).
const (
	NoticeMsgPublic  = 0 // 公信: public, capped per device per day
	NoticeMsgPrivate = 1 // 私信: private, what an IM message is
)

// Click types (clickTypeInfo.clickType).
const (
	ClickApp      = 0 // open the app
	ClickActivity = 1 // open an Activity ("pkg.Activity")
	ClickURI      = 2 // open a URI
	ClickCustom   = 3 // app-defined customAttribute; deprecated, ignored on Android 12+
)

// NoticeBarInfo is the notification itself.
type NoticeBarInfo struct {
	NoticeMsgType FlexInt `json:"noticeMsgType"`
	NoticeBarType FlexInt `json:"noticeBarType"`
	Title         string  `json:"title"`
	Content       string  `json:"content"`
}

// NoticeExpandInfo is the expanded form.
type NoticeExpandInfo struct {
	NoticeExpandType    FlexInt `json:"noticeExpandType"`
	NoticeExpandContent string  `json:"noticeExpandContent,omitempty"`
	NoticeExpandImgURL  string  `json:"noticeExpandImgUrl,omitempty"`
}

// ClickTypeInfo is what a tap does. Parameters reach the app on click.
type ClickTypeInfo struct {
	ClickType       FlexInt    `json:"clickType"`
	URL             string     `json:"url,omitempty"`
	Parameters      Parameters `json:"parameters,omitempty"`
	Activity        string     `json:"activity,omitempty"`
	CustomAttribute string     `json:"customAttribute,omitempty"`
}

// PushTimeInfo is the offline policy: offLine 1 (default) keeps the
// message up to validTime hours (1-72, default 24) for an absent device.
type PushTimeInfo struct {
	OffLine   *FlexInt `json:"offLine,omitempty"`
	ValidTime *FlexInt `json:"validTime,omitempty"`
}

// AdvanceInfo holds display options; NotifyKey collapses notifications.
type AdvanceInfo struct {
	Suspend             *FlexInt          `json:"suspend,omitempty"`
	ClearNoticeBar      *FlexInt          `json:"clearNoticeBar,omitempty"`
	FixDisplay          *FlexInt          `json:"fixDisplay,omitempty"`
	FixStartDisplayTime string            `json:"fixStartDisplayTime,omitempty"`
	FixEndDisplayTime   string            `json:"fixEndDisplayTime,omitempty"`
	NotificationType    *NotificationType `json:"notificationType,omitempty"`
	NotifyKey           string            `json:"notifyKey,omitempty"`
}

// NotificationType switches vibration, lights and sound.
type NotificationType struct {
	Vibrate *FlexInt `json:"vibrate,omitempty"`
	Lights  *FlexInt `json:"lights,omitempty"`
	Sound   *FlexInt `json:"sound,omitempty"`
}

// Extra asks for receipts: delivered (type 1), clicked (2) or both (3,
// the default), posted to Callback with CallbackParam.
type Extra struct {
	Callback      string   `json:"callback,omitempty"`
	CallbackParam string   `json:"callback.param,omitempty"`
	CallbackType  *FlexInt `json:"callback.type,omitempty"`
}

// Parameters is clickTypeInfo.parameters: a JSON object (also accepted as
// a string holding one). Numbers keep their exact text.
type Parameters map[string]any

// UnmarshalJSON decodes an object, or a string holding an object.
func (p *Parameters) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*p = nil
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		if m, ok := flatParameters(b); ok {
			*p = m
			return nil
		}
	}
	return p.decode(b)
}

// decode decodes b, an object or a string holding one, with a Decoder
// that keeps numbers as json.Number.
func (p *Parameters) decode(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return fmt.Errorf("parameters: %w", err)
		}
		b = []byte(s)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return fmt.Errorf("parameters must be a JSON object")
	}
	if dec.More() {
		return fmt.Errorf("parameters must be one JSON object")
	}
	*p = m
	return nil
}

// flatParameters decodes b, a JSON object, as decode does when every
// value is a string or a number (json.Number of its text), the usual
// parameters; ok is false for any other b.
func flatParameters(b []byte) (p Parameters, ok bool) {
	if p, ok := mockvendors.FlatObject(b); ok {
		return p, true
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(b, &raw) != nil || raw == nil {
		return nil, false
	}
	p = make(Parameters, len(raw))
	for k, v := range raw {
		switch {
		case len(v) == 0:
			return nil, false
		case v[0] == '"':
			s, ok := plainJSONString(v)
			if !ok && json.Unmarshal(v, &s) != nil {
				return nil, false
			}
			p[k] = s
		case v[0] == '-' || '0' <= v[0] && v[0] <= '9':
			p[k] = json.Number(v)
		default:
			return nil, false
		}
	}
	return p, true
}

// plainJSONString returns the content of v, a JSON string, when it holds
// only printable ASCII and no escape.
func plainJSONString(v []byte) (string, bool) {
	in := v[1 : len(v)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return "", false
		}
	}
	return string(in), true
}

// Strings renders the values as strings: strings as they are, anything
// else as its JSON text.
func (p Parameters) Strings() map[string]string {
	return mockvendors.StringValues(p)
}
