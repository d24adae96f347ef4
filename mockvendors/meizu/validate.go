package meizu

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Field limits from the API document.
const (
	MaxTitle           = 32   // noticeBarInfo.title, characters
	MaxContent         = 100  // noticeBarInfo.content, characters
	MaxCustomAttribute = 1000 // clickTypeInfo.customAttribute, bytes
	MaxCallback        = 128  // extra.callback, bytes
	MaxCallbackParam   = 64   // extra.callback.param, bytes
	MaxValidHours      = 72   // pushTimeInfo.validTime
	DefaultValidHours  = 24
	MaxAlias           = 60 // alias, characters
)

var notifyKeyPattern = regexp.MustCompile(`^[0-9A-Za-z_-]{1,8}$`)

// ParseNoticeMessage decodes and checks a notification messageJson, then
// fills in the defaults (noticeMsgType 0, clickType 0, offLine 1,
// validTime 24, callback.type 3). A bad message is a *APIError with code
// 1005 naming the field.
func ParseNoticeMessage(s string) (NoticeMessage, error) {
	m, err := decodeNoticeMessage(s)
	if err != nil {
		return NoticeMessage{}, err
	}
	if err := m.check(); err != nil {
		return NoticeMessage{}, apiErr(CodeParamError, "messageJson.%v", err)
	}
	m.applyDefaults()
	return m, nil
}

// decodeNoticeMessage decodes messageJson, which must be one JSON value:
// by hand when it has the common shape (readNoticeMessage), else as
// decodeNoticeMessageJSON does.
func decodeNoticeMessage(s string) (NoticeMessage, error) {
	var m NoticeMessage
	if readNoticeMessage(s, &m) {
		return m, nil
	}
	return decodeNoticeMessageJSON(s)
}

// decodeNoticeMessageJSON is decodeNoticeMessage through encoding/json.
// json.Unmarshal takes a text that is one value whole and decodes it as
// a Decoder does; a text it refuses goes through a Decoder, for the
// error the service gives.
func decodeNoticeMessageJSON(s string) (NoticeMessage, error) {
	var m NoticeMessage
	if json.Unmarshal([]byte(s), &m) == nil {
		return m, nil
	}
	return decodeNoticeMessageStream(s)
}

// decodeNoticeMessageStream decodes the first JSON value of s with a
// Decoder and refuses anything after it.
func decodeNoticeMessageStream(s string) (NoticeMessage, error) {
	var m NoticeMessage
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&m); err != nil {
		return NoticeMessage{}, apiErr(CodeParamError, "messageJson is not valid: %v", err)
	}
	if dec.More() {
		return NoticeMessage{}, apiErr(CodeParamError, "messageJson has trailing data")
	}
	return m, nil
}

func (m *NoticeMessage) check() error {
	b := m.NoticeBarInfo
	if err := oneOf("noticeBarInfo.noticeMsgType", int(b.NoticeMsgType), 0, 1); err != nil {
		return err
	}
	if err := oneOf("noticeBarInfo.noticeBarType", int(b.NoticeBarType), 0, 2); err != nil {
		return err
	}
	if err := chars("noticeBarInfo.title", b.Title, MaxTitle); err != nil {
		return err
	}
	if err := chars("noticeBarInfo.content", b.Content, MaxContent); err != nil {
		return err
	}
	if e := m.NoticeExpandInfo; e != nil {
		if err := oneOf("noticeExpandInfo.noticeExpandType", int(e.NoticeExpandType), 0, 1, 2); err != nil {
			return err
		}
		if e.NoticeExpandType == 1 && e.NoticeExpandContent == "" {
			return fmt.Errorf("noticeExpandInfo.noticeExpandContent is required for noticeExpandType 1")
		}
		if e.NoticeExpandType == 2 && e.NoticeExpandImgURL == "" {
			return fmt.Errorf("noticeExpandInfo.noticeExpandImgUrl is required for noticeExpandType 2")
		}
	}
	if err := m.checkClick(); err != nil {
		return err
	}
	if t := m.PushTimeInfo; t != nil {
		if err := oneOf("pushTimeInfo.offLine", t.OffLine.value(1), 0, 1); err != nil {
			return err
		}
		if v := t.ValidTime.value(DefaultValidHours); v < 1 || v > MaxValidHours {
			return fmt.Errorf("pushTimeInfo.validTime must be 1-%d hours, got %d", MaxValidHours, v)
		}
	}
	if a := m.AdvanceInfo; a != nil {
		if err := a.check(); err != nil {
			return err
		}
	}
	if len(m.VipInfo) > 0 && string(m.VipInfo) != "null" {
		var obj map[string]json.RawMessage
		if json.Unmarshal(m.VipInfo, &obj) != nil {
			return fmt.Errorf("vipInfo must be a JSON object")
		}
	}
	if x := m.Extra; x != nil {
		return x.check()
	}
	return nil
}

func (m *NoticeMessage) checkClick() error {
	c := m.ClickTypeInfo
	if c == nil {
		return nil
	}
	switch c.ClickType {
	case ClickApp:
	case ClickActivity:
		if c.Activity == "" {
			return fmt.Errorf("clickTypeInfo.activity is required for clickType 1 (pkg.Activity)")
		}
	case ClickURI:
		if c.URL == "" {
			return fmt.Errorf("clickTypeInfo.url is required for clickType 2")
		}
	case ClickCustom:
		if c.CustomAttribute == "" || len(c.CustomAttribute) > MaxCustomAttribute {
			return fmt.Errorf("clickTypeInfo.customAttribute must be 1-%d bytes for clickType 3", MaxCustomAttribute)
		}
	default:
		return fmt.Errorf("clickTypeInfo.clickType must be 0, 1, 2 or 3, got %d", c.ClickType)
	}
	return nil
}

func (a *AdvanceInfo) check() error {
	flags := []struct {
		name string
		v    *FlexInt
	}{{"suspend", a.Suspend}, {"clearNoticeBar", a.ClearNoticeBar}, {"fixDisplay", a.FixDisplay}}
	for _, f := range flags {
		if f.v != nil {
			if err := oneOf("advanceInfo."+f.name, int(*f.v), 0, 1); err != nil {
				return err
			}
		}
	}
	if a.NotifyKey != "" && !notifyKeyPattern.MatchString(a.NotifyKey) {
		return fmt.Errorf("advanceInfo.notifyKey must be at most 8 characters of [0-9a-zA-Z_-], got %q", a.NotifyKey)
	}
	if a.FixDisplay.value(0) == 1 && (a.FixStartDisplayTime == "" || a.FixEndDisplayTime == "") {
		return fmt.Errorf("advanceInfo.fixStartDisplayTime and fixEndDisplayTime are required when fixDisplay is 1")
	}
	return nil
}

func (x *Extra) check() error {
	if x.Callback == "" {
		if x.CallbackParam != "" || x.CallbackType != nil {
			return fmt.Errorf("extra.callback is required when extra is set")
		}
		return nil
	}
	if len(x.Callback) > MaxCallback {
		return fmt.Errorf("extra.callback must be at most %d bytes", MaxCallback)
	}
	if u, err := url.Parse(x.Callback); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("extra.callback must be an http(s) URL, got %q", x.Callback)
	}
	if len(x.CallbackParam) > MaxCallbackParam {
		return fmt.Errorf("extra.callback.param must be at most %d bytes", MaxCallbackParam)
	}
	return oneOf("extra.callback.type", x.CallbackType.value(3), 1, 2, 3)
}

// applyDefaults writes the defaults out, so the device reads a complete
// message.
func (m *NoticeMessage) applyDefaults() {
	if m.ClickTypeInfo == nil {
		m.ClickTypeInfo = &ClickTypeInfo{ClickType: ClickApp}
	}
	if m.PushTimeInfo == nil {
		m.PushTimeInfo = &PushTimeInfo{}
	}
	if m.PushTimeInfo.OffLine == nil {
		m.PushTimeInfo.OffLine = Int(1)
	}
	if m.PushTimeInfo.ValidTime == nil {
		m.PushTimeInfo.ValidTime = Int(DefaultValidHours)
	}
	if m.Extra != nil && m.Extra.Callback == "" {
		m.Extra = nil
	}
	if m.Extra != nil && m.Extra.CallbackType == nil {
		m.Extra.CallbackType = Int(3)
	}
}

func oneOf(name string, v int, allowed ...int) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%s must be one of %v, got %d", name, allowed, v)
}

func chars(name, s string, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8", name)
	}
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return fmt.Errorf("%s is required and must be 1-%d characters, got %d", name, max, n)
	}
	return nil
}
