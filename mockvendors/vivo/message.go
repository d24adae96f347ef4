package vivo

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/pushsim/pushsim/protocol"
)

// SendMessage is the body of /message/send.
type SendMessage struct {
	// AppID must match the authToken's app when present (API 2.9.2).
	AppID FlexString `json:"appId,omitempty"`
	// RegID or Alias is the target; RegID wins when both are set.
	RegID string `json:"regId,omitempty"`
	Alias string `json:"alias,omitempty"`
	// NotifyType: 1 none, 2 ring, 3 vibrate, 4 ring and vibrate.
	NotifyType FlexInt `json:"notifyType"`
	Title      string  `json:"title"`
	Content    string  `json:"content"`
	// TimeToLive is how long an absent device's message is kept, in
	// seconds (60 to 604800, default 86400).
	TimeToLive *FlexInt `json:"timeToLive,omitempty"`
	// SkipType is what a tap does (Skip* constants); SkipContent the URL,
	// custom content or intent URI it needs.
	SkipType    FlexInt `json:"skipType"`
	SkipContent string  `json:"skipContent,omitempty"`
	// NetworkType: -1 any network (default), 1 Wi-Fi only.
	NetworkType *FlexInt `json:"networkType,omitempty"`
	// Classification: 0 operational (the default), 1 system. A category
	// decides it when set.
	Classification *FlexInt `json:"classification,omitempty"`
	Category       string   `json:"category,omitempty"`
	// PushMode: 0 formal (default), 1 test.
	PushMode *FlexInt `json:"pushMode,omitempty"`
	// ClientCustomMap reaches the app as extras of the Activity a tap
	// opens (at most 10 pairs, 1024 characters in all).
	ClientCustomMap CustomMap `json:"clientCustomMap,omitempty"`
	// Extra asks for arrival receipts.
	Extra *Extra `json:"extra,omitempty"`
	// RequestID identifies the request; a repeat is answered with the
	// first one's taskId and not sent again.
	RequestID string `json:"requestId"`
}

// Extra is the advanced-features object: the receipt address and the
// caller's parameter posted back with each receipt.
type Extra struct {
	Callback      string `json:"callback,omitempty"`
	CallbackParam string `json:"callback.param,omitempty"`
}

// Skip types (skipType).
const (
	SkipApp      = 1 // open the app's home page
	SkipURL      = 2 // open a web page (skipContent)
	SkipCustom   = 3 // app-defined: the app's receiver reads skipContent
	SkipActivity = 4 // open an in-app page: skipContent is an intent URI
)

// Classifications.
const (
	ClassOperational = 0
	ClassSystem      = 1
)

// Categories. IM, ACCOUNT, TODO, DEVICE_REMINDER, ORDER and SUBSCRIPTION
// are system messages; NEWS, CONTENT, MARKETING and SOCIAL operational.
var (
	systemCategories      = map[string]bool{"IM": true, "ACCOUNT": true, "TODO": true, "DEVICE_REMINDER": true, "ORDER": true, "SUBSCRIPTION": true}
	operationalCategories = map[string]bool{"NEWS": true, "CONTENT": true, "MARKETING": true, "SOCIAL": true}
)

// Field limits from the API document.
const (
	MaxTitleWidth     = 40 // title: 20 CJK characters or 40 Latin ones
	MaxContentWidth   = 100
	MinTimeToLive     = 60
	MaxTimeToLive     = 7 * 24 * 3600
	DefaultTimeToLive = 24 * 3600
	MaxSkipURL        = 1000 // skipContent for skipType 2
	MaxSkipContent    = 1024 // skipContent for skipType 3 and 4
	MaxCustomPairs    = 10
	MaxCustomLength   = 1024
	MaxCallback       = 128
	MaxCallbackParam  = 64
	MaxRequestID      = 64
	MaxAlias          = 40
	RegIDLength       = 23
)

// Class is the message's effective classification: its category's, or
// classification (default operational).
func (m *SendMessage) Class() int64 {
	switch {
	case systemCategories[m.Category]:
		return ClassSystem
	case operationalCategories[m.Category]:
		return ClassOperational
	}
	return m.Classification.value(ClassOperational)
}

// Test reports whether the message is a test message (pushMode 1).
func (m *SendMessage) Test() bool { return m.PushMode.value(0) == 1 }

// TTL is how long the message is kept for an absent device, in seconds.
func (m *SendMessage) TTL() int64 { return m.TimeToLive.value(DefaultTimeToLive) }

// Target is the regId, or the alias when there is no regId.
func (m *SendMessage) Target() string {
	if m.RegID != "" {
		return m.RegID
	}
	return m.Alias
}

// check validates the fields (code 10050 naming the field); targets are
// checked later.
func (m *SendMessage) check() *APIError {
	bad := func(format string, args ...any) *APIError { return apiErr(CodeInvalidParam, format, args...) }
	switch {
	case m.RequestID == "":
		return bad("requestId不能为空")
	case utf8.RuneCountInString(m.RequestID) > MaxRequestID:
		return bad("requestId最长%d个字符", MaxRequestID)
	case m.RegID == "" && m.Alias == "":
		return bad("regId和alias不能同时为空")
	case utf8.RuneCountInString(m.Alias) > MaxAlias:
		return bad("alias最长%d个字符", MaxAlias)
	case m.NotifyType < 1 || m.NotifyType > 4:
		return bad("notifyType不合法")
	case m.Title == "" || width(m.Title) > MaxTitleWidth:
		return bad("title不能为空且不超过20个汉字")
	case m.Content == "" || width(m.Content) > MaxContentWidth:
		return bad("content不能为空且不超过50个汉字")
	}
	if ttl := m.TimeToLive; ttl != nil && (*ttl < MinTimeToLive || *ttl > MaxTimeToLive) {
		return bad("timeToLive须在%d到%d秒之间", MinTimeToLive, MaxTimeToLive)
	}
	if e := m.checkSkip(); e != nil {
		return e
	}
	if n := m.NetworkType; n != nil && *n != -1 && *n != 1 {
		return bad("networkType不合法")
	}
	if c := m.Classification; c != nil && *c != ClassOperational && *c != ClassSystem {
		return bad("classification不合法")
	}
	if m.Category != "" && !systemCategories[m.Category] && !operationalCategories[m.Category] {
		return bad("category不合法")
	}
	if p := m.PushMode; p != nil && *p != 0 && *p != 1 {
		return bad("pushMode不合法")
	}
	if len(m.ClientCustomMap) > MaxCustomPairs || m.ClientCustomMap.length() > MaxCustomLength {
		return bad("clientCustomMap最多%d个键值对且总长不超过%d个字符", MaxCustomPairs, MaxCustomLength)
	}
	if x := m.Extra; x != nil && x.Callback != "" {
		if utf8.RuneCountInString(x.Callback) > MaxCallback || !httpURL(x.Callback) {
			return bad("extra.callback须为不超过%d个字符的http(s)地址", MaxCallback)
		}
		if utf8.RuneCountInString(x.CallbackParam) > MaxCallbackParam {
			return bad("extra.callback.param最长%d个字符", MaxCallbackParam)
		}
	}
	return nil
}

func (m *SendMessage) checkSkip() *APIError {
	n := utf8.RuneCountInString(m.SkipContent)
	switch m.SkipType {
	case SkipApp:
		return nil
	case SkipURL:
		if n == 0 || n > MaxSkipURL || !httpURL(m.SkipContent) {
			return apiErr(CodeInvalidParam, "skipType为2时skipContent须为不超过%d个字符的http(s)地址", MaxSkipURL)
		}
		return nil
	case SkipCustom, SkipActivity:
		if n == 0 || n > MaxSkipContent {
			return apiErr(CodeInvalidParam, "skipType为%d时skipContent不能为空且不超过%d个字符", m.SkipType, MaxSkipContent)
		}
		return nil
	}
	return apiErr(CodeInvalidParam, "skipType不合法")
}

// width counts characters as vivo's limits do: a CJK (or other non-ASCII)
// character counts two, an ASCII one or an emoji one.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x80, r >= 0x1F000:
			n++
		default:
			n += 2
		}
	}
	return n
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ParseSendMessage decodes and checks a /message/send body. A malformed
// one is a *APIError with code 10050.
func ParseSendMessage(body []byte) (SendMessage, error) {
	m, err := decodeSendMessage(body)
	switch {
	case err == errTrailingData:
		return SendMessage{}, apiErr(CodeInvalidParam, "请求体有多余内容")
	case err != nil:
		return SendMessage{}, apiErr(CodeInvalidParam, "请求体不是合法的JSON: %v", err)
	}
	m.RegID, m.Alias, m.RequestID = strings.TrimSpace(m.RegID), strings.TrimSpace(m.Alias), strings.TrimSpace(m.RequestID)
	if m.Extra != nil && m.Extra.Callback == "" {
		m.Extra = nil
	}
	if e := m.check(); e != nil {
		return SendMessage{}, e
	}
	return m, nil
}

// devicePayload is what the push service hands the device: the
// notification, its tap behaviour, its classification and the custom
// map, without the target, receipt and request fields.
func (m *SendMessage) devicePayload() ([]byte, error) {
	return json.Marshal(struct {
		NotifyType      FlexInt   `json:"notifyType"`
		Title           string    `json:"title"`
		Content         string    `json:"content"`
		SkipType        FlexInt   `json:"skipType"`
		SkipContent     string    `json:"skipContent,omitempty"`
		Classification  int64     `json:"classification"`
		Category        string    `json:"category,omitempty"`
		ClientCustomMap CustomMap `json:"clientCustomMap,omitempty"`
	}{m.NotifyType, m.Title, m.Content, m.SkipType, m.SkipContent, m.Class(), m.Category, m.ClientCustomMap})
}

// activityOf reads the Activity an intent URI ("intent:#Intent;
// component=pkg/.Cls;...;end") opens, or "".
func activityOf(uri string) string {
	in, err := protocol.ParseIntentURI(uri)
	if err != nil {
		return ""
	}
	return in.Component
}
