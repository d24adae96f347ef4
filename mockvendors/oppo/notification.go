package oppo

import (
	"encoding/json"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// Notification is OPPO's notification body (消息体): the notification
// object of a unicast message, or the fields of save_message_content.
// Optional fields with non-zero defaults are pointers; nil means the
// default.
type Notification struct {
	AppMessageID         string     `json:"app_message_id,omitempty"`
	Style                *FlexInt   `json:"style,omitempty"`
	Title                string     `json:"title"`
	SubTitle             string     `json:"sub_title,omitempty"`
	Content              string     `json:"content"`
	ClickActionType      FlexInt    `json:"click_action_type"`
	ClickActionActivity  string     `json:"click_action_activity,omitempty"`
	ClickActionURL       string     `json:"click_action_url,omitempty"`
	ActionParameters     Parameters `json:"action_parameters,omitempty"`
	ShowTimeType         *FlexInt   `json:"show_time_type,omitempty"`
	ShowStartTime        *FlexInt   `json:"show_start_time,omitempty"`
	ShowEndTime          *FlexInt   `json:"show_end_time,omitempty"`
	OffLine              *FlexBool  `json:"off_line,omitempty"`
	OffLineTTL           *FlexInt   `json:"off_line_ttl,omitempty"`
	PushTimeType         *FlexInt   `json:"push_time_type,omitempty"`
	PushStartTime        *FlexInt   `json:"push_start_time,omitempty"`
	TimeZone             string     `json:"time_zone,omitempty"`
	FixSpeed             *FlexBool  `json:"fix_speed,omitempty"`
	FixSpeedRate         *FlexInt   `json:"fix_speed_rate,omitempty"`
	NetworkType          *FlexInt   `json:"network_type,omitempty"`
	CallBackURL          string     `json:"call_back_url,omitempty"`
	CallBackParameter    string     `json:"call_back_parameter,omitempty"`
	ChannelID            string     `json:"channel_id,omitempty"`
	Category             string     `json:"category,omitempty"`
	NotifyLevel          *FlexInt   `json:"notify_level,omitempty"`
	PrivateMsgTemplateID string     `json:"private_msg_template_id,omitempty"`
	ShowTTL              *FlexInt   `json:"show_ttl,omitempty"`
	NotifyID             *FlexInt   `json:"notify_id,omitempty"`
	BigPictureID         string     `json:"big_picture_id,omitempty"`
	SmallPictureID       string     `json:"small_picture_id,omitempty"`
}

// Click action types (click_action_type); 3 is unused.
const (
	ClickApp       = 0 // launch the app
	ClickAction    = 1 // open an in-app page by intent action (click_action_activity)
	ClickURL       = 2 // open a web page (click_action_url)
	ClickActivity  = 4 // open an in-app page by Activity class name (click_action_activity)
	ClickIntentURI = 5 // open an intent scheme URL (click_action_url)
)

// Categories (category) and notification levels (notify_level). IM,
// ACCOUNT, DEVICE_REMINDER, ORDER, TODO and SUBSCRIPTION are service and
// communication messages, sent on the private (私信) channel; NEWS,
// CONTENT, MARKETING and SOCIAL are public (公信) ones, as is a message
// without a category.
var (
	privateCategories = map[string]bool{"IM": true, "ACCOUNT": true, "DEVICE_REMINDER": true, "ORDER": true, "TODO": true, "SUBSCRIPTION": true}
	publicCategories  = map[string]bool{"NEWS": true, "CONTENT": true, "MARKETING": true, "SOCIAL": true}
	notifyLevels      = map[int64]bool{1: true, 2: true, 16: true} // bar; bar + lock screen; bar + lock screen + banner + ring + vibrate
)

// Styles (style).
const (
	StyleStandard   = 1 // the default
	StyleLongText   = 2
	StyleBigPicture = 3
)

// Field limits from the API document.
const (
	MaxTitle             = 50   // title, characters (older documents: 32)
	MaxSubTitle          = 10   // sub_title, characters
	MaxContent           = 200  // content, characters, in the standard style
	MaxContentLongText   = 128  // content, characters, in the long-text style (2)
	MaxContentBigPicture = 50   // content, characters, in the big-picture style (3)
	MaxClickTarget       = 500  // click_action_activity / click_action_url, characters
	MaxActionParameters  = 4096 // action_parameters, characters of JSON text
	MaxCallBackURL       = 200  // call_back_url, characters
	MaxCallBackParameter = 50   // call_back_parameter, characters
	MaxOffLineTTL        = 3 * 24 * 3600
	DefaultOffLineTTL    = 24 * 3600 // seconds, when off_line_ttl is absent
)

// MaxContentFor is the longest content, in characters, a style allows:
// 200 in the standard style (1), 128 in long text (2), 50 in big picture
// (3).
func MaxContentFor(style int64) int {
	switch style {
	case StyleLongText:
		return MaxContentLongText
	case StyleBigPicture:
		return MaxContentBigPicture
	}
	return MaxContent
}

// UnmarshalJSON decodes the object (or a string holding it) with
// camelCase keys renamed to snake_case.
func (n *Notification) UnmarshalJSON(b []byte) error {
	type plain Notification
	var p plain
	if err := unmarshalLenient(b, &p, "notification"); err != nil {
		return err
	}
	*n = Notification(p)
	return nil
}

// Private reports whether the notification goes on the private (私信)
// channel: its category is a service or communication one.
func (n *Notification) Private() bool { return privateCategories[n.Category] }

// TTL is how long the service keeps the message for an absent device, in
// seconds.
func (n *Notification) TTL() int64 { return n.OffLineTTL.value(DefaultOffLineTTL) }

// check validates the notification as the service does: a missing title
// or content is code 40, a malformed field 41, a bad category or
// notify_level 67.
func (n *Notification) check() *APIError {
	switch {
	case n.Title == "":
		return apiErr(CodeMissingArgument, "title")
	case n.Content == "":
		return apiErr(CodeMissingArgument, "content")
	}
	if err := oneOf("style", n.Style, StyleStandard, StyleLongText, StyleBigPicture); err != nil {
		return err
	}
	if err := chars("title", n.Title, MaxTitle); err != nil {
		return err
	}
	style := n.Style.value(StyleStandard)
	if err := chars("content (style "+strconv.FormatInt(style, 10)+")", n.Content, MaxContentFor(style)); err != nil {
		return err
	}
	if err := chars("sub_title", n.SubTitle, MaxSubTitle); err != nil {
		return err
	}
	if err := n.checkClick(); err != nil {
		return err
	}
	if text, err := n.ActionParameters.text(); err != nil || utf8.RuneCountInString(text) > MaxActionParameters {
		return apiErr(CodeInvalidArgument, "action_parameters must be a JSON object of at most %d characters", MaxActionParameters)
	}
	if err := oneOf("show_time_type", n.ShowTimeType, 0, 1); err != nil {
		return err
	}
	if err := oneOf("push_time_type", n.PushTimeType, 0, 1); err != nil {
		return err
	}
	if err := oneOf("network_type", n.NetworkType, 0, 1); err != nil {
		return err
	}
	if ttl := n.OffLineTTL; ttl != nil && (*ttl < 1 || *ttl > MaxOffLineTTL) {
		return apiErr(CodeInvalidArgument, "off_line_ttl must be 1-%d seconds, got %d", MaxOffLineTTL, *ttl)
	}
	if n.CallBackURL != "" {
		if err := chars("call_back_url", n.CallBackURL, MaxCallBackURL); err != nil {
			return err
		}
		if !httpURL(n.CallBackURL) {
			return apiErr(CodeInvalidArgument, "call_back_url must be an http(s) URL")
		}
	}
	if err := chars("call_back_parameter", n.CallBackParameter, MaxCallBackParameter); err != nil {
		return err
	}
	if n.Category != "" && !privateCategories[n.Category] && !publicCategories[n.Category] {
		return apiErr(CodeInvalidCategory, "unknown category %q", n.Category)
	}
	if l := n.NotifyLevel; l != nil && !notifyLevels[int64(*l)] {
		return apiErr(CodeInvalidCategory, "notify_level must be 1, 2 or 16, got %d", *l)
	}
	return nil
}

func (n *Notification) checkClick() *APIError {
	switch n.ClickActionType {
	case ClickApp:
	case ClickAction, ClickActivity:
		if n.ClickActionActivity == "" {
			return apiErr(CodeMissingArgument, "click_action_activity is required for click_action_type %d", n.ClickActionType)
		}
		return chars("click_action_activity", n.ClickActionActivity, MaxClickTarget)
	case ClickURL, ClickIntentURI:
		if n.ClickActionURL == "" {
			return apiErr(CodeMissingArgument, "click_action_url is required for click_action_type %d", n.ClickActionType)
		}
		if err := chars("click_action_url", n.ClickActionURL, MaxClickTarget); err != nil {
			return err
		}
		if n.ClickActionType == ClickURL && !httpURL(n.ClickActionURL) {
			return apiErr(CodeInvalidArgument, "click_action_url must be an http(s) URL for click_action_type 2")
		}
	default:
		return apiErr(CodeInvalidArgument, "click_action_type must be 0, 1, 2, 4 or 5, got %d", n.ClickActionType)
	}
	return nil
}

// normalize fills in the defaults the device reads (off_line true, the
// default off_line_ttl) and drops what only the server needs.
func (n Notification) normalize() Notification {
	if n.OffLine == nil {
		n.OffLine = Bool(true)
	}
	if n.OffLineTTL == nil {
		n.OffLineTTL = Int(DefaultOffLineTTL)
	}
	return n
}

// devicePayload is what the ColorOS push service hands the device: the
// normalized notification without the receipt fields.
func (n Notification) devicePayload() ([]byte, error) {
	n = n.normalize()
	n.CallBackURL, n.CallBackParameter = "", ""
	return json.Marshal(n)
}

func chars(name, s string, max int) *APIError {
	if !utf8.ValidString(s) {
		return apiErr(CodeInvalidArgument, "%s is not valid UTF-8", name)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return apiErr(CodeInvalidArgument, "%s must be at most %d characters, got %d", name, max, n)
	}
	return nil
}

func oneOf(name string, v *FlexInt, allowed ...int64) *APIError {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if int64(*v) == a {
			return nil
		}
	}
	return apiErr(CodeInvalidArgument, "%s must be one of %v, got %d", name, allowed, *v)
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// ParseNotification decodes and checks a notification object (or a string
// holding one). A malformed one is a *APIError with code 40, 41 or 67.
func ParseNotification(s string) (Notification, error) {
	var n Notification
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return Notification{}, apiErr(CodeInvalidArgument, "%v", err)
	}
	if e := n.check(); e != nil {
		return Notification{}, e
	}
	return n, nil
}
