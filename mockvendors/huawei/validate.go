package huawei

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of messages:send.
const (
	MaxTokens         = 1000                // token[] entries per call
	MaxMessageBytes   = 4096                // body size without the tokens (80300008)
	DefaultTTL        = 24 * time.Hour      // android.ttl when absent ("86400s")
	MaxTTL            = 15 * 24 * time.Hour // the longest android.ttl ("1296000s")
	MaxBadgeNum       = 99                  // badge.add_num and badge.set_num
	maxVibrateEntries = 10
)

var (
	ttlPattern   = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,9})?[sS]?$`)
	colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// ParseSendRequest decodes and checks a messages:send body, then fills in
// the defaults the device reads: android.ttl "86400s", and for a
// notification an android.notification whose empty title and body come
// from message.notification and whose click_action, when absent, opens
// the app. A bad request is a *APIError: 80100003 for a body that is not
// a message, 80100001 for a bad field, 80300010 for a bad token count.
func ParseSendRequest(body []byte) (SendRequest, error) {
	req, e := parseSendRequest(body)
	if e != nil {
		return SendRequest{}, e
	}
	return req, nil
}

func parseSendRequest(body []byte) (SendRequest, *APIError) {
	req, err := decodeSendRequest(body)
	switch {
	case errors.Is(err, ErrInvalidUTF8):
		return SendRequest{}, apiErr(CodeParamError, "data, ttl or another payload field is not valid UTF-8")
	case err != nil:
		return SendRequest{}, apiErr(CodeIllegalPayload, "%v", err)
	}
	m := req.Message
	if m == nil {
		return SendRequest{}, apiErr(CodeIllegalPayload, "message is required")
	}
	targets := 0
	for _, set := range []bool{m.Token != nil, m.Topic != "", m.Condition != ""} {
		if set {
			targets++
		}
	}
	if targets != 1 {
		return SendRequest{}, apiErr(CodeParamError, "exactly one of token, topic and condition must be set")
	}
	if m.Token != nil && (len(m.Token) < 1 || len(m.Token) > MaxTokens) {
		return SendRequest{}, apiErr(CodeTokenCount, "token count should be within 1 and %d", MaxTokens)
	}
	if !m.IsNotification() && m.Data == "" && (m.Android == nil || m.Android.Data == "") {
		return SendRequest{}, apiErr(CodeIllegalPayload, "the message has neither a notification nor data")
	}
	if err := m.check(); err != nil {
		return SendRequest{}, apiErr(CodeParamError, "%v", err)
	}
	m.applyDefaults()
	return req, nil
}

// IsNotification reports whether m shows a notification (rather than
// being a data message).
func (m *Message) IsNotification() bool {
	return m.Notification != nil || (m.Android != nil && m.Android.Notification != nil)
}

func (m *Message) check() error {
	a := m.Android
	if a == nil {
		return m.checkContent(nil)
	}
	if k := a.CollapseKey.value(-1); k < -1 || k > 100 {
		return fmt.Errorf("android.collapse_key must be within -1 and 100, got %d", k)
	}
	if err := oneOfString("android.urgency", a.Urgency, "", "HIGH", "NORMAL"); err != nil {
		return err
	}
	if a.Category != "" && !categoryPattern.MatchString(a.Category) {
		return fmt.Errorf("android.category %q is not a category", a.Category)
	}
	if a.TTL != "" {
		if _, err := ParseTTL(string(a.TTL)); err != nil {
			return err
		}
	}
	if err := oneOfInt("android.fast_app_target", int(a.FastAppTarget), 0, 1, 2); err != nil {
		return err
	}
	if err := oneOfInt("android.target_user_type", int(a.TargetUserType), 0, 1, 2, 3); err != nil {
		return err
	}
	return m.checkContent(a.Notification)
}

var categoryPattern = regexp.MustCompile(`^[A-Z][A-Z_]{0,31}$`)

// checkContent checks the notification a device would show.
func (m *Message) checkContent(n *AndroidNotification) error {
	if !m.IsNotification() {
		return nil
	}
	var title, body string
	if m.Notification != nil {
		title, body = m.Notification.Title, m.Notification.Body
	}
	if n == nil {
		if title == "" || body == "" {
			return fmt.Errorf("notification.title and notification.body are required")
		}
		return nil
	}
	if n.Title == "" && title == "" && n.TitleLocKey == "" {
		return fmt.Errorf("android.notification.title is required")
	}
	if n.Body == "" && body == "" && n.BodyLocKey == "" {
		return fmt.Errorf("android.notification.body is required")
	}
	return n.check()
}

func (n *AndroidNotification) check() error {
	if err := n.ClickAction.check(); err != nil {
		return err
	}
	if err := oneOfString("android.notification.importance", n.Importance, "", ImportanceLow, ImportanceNormal, ImportanceHigh); err != nil {
		return err
	}
	switch n.Style {
	case 0, 2, 3:
	case 1:
		if n.BigTitle == "" || n.BigBody == "" {
			return fmt.Errorf("android.notification.big_title and big_body are required when style is 1")
		}
	default:
		return fmt.Errorf("android.notification.style must be 0, 1, 2 or 3, got %d", n.Style)
	}
	if err := oneOfString("android.notification.visibility", n.Visibility, "", "VISIBILITY_UNSPECIFIED", "PRIVATE", "PUBLIC", "SECRET"); err != nil {
		return err
	}
	if n.Color != "" && !colorPattern.MatchString(n.Color) {
		return fmt.Errorf("android.notification.color must be #RRGGBB, got %q", n.Color)
	}
	if len(n.VibrateConfig) > maxVibrateEntries {
		return fmt.Errorf("android.notification.vibrate_config takes at most %d entries", maxVibrateEntries)
	}
	for _, v := range n.VibrateConfig {
		if !ttlPattern.MatchString(v) {
			return fmt.Errorf("android.notification.vibrate_config entry %q is not a duration", v)
		}
	}
	if b := n.Badge; b != nil {
		if b.Class == "" {
			return fmt.Errorf("android.notification.badge.class is required")
		}
		if b.AddNum < 0 || b.AddNum > MaxBadgeNum {
			return fmt.Errorf("android.notification.badge.add_num must be within 1 and %d", MaxBadgeNum)
		}
		if v := b.SetNum.value(0); v < 0 || v > MaxBadgeNum {
			return fmt.Errorf("android.notification.badge.set_num must be within 0 and %d", MaxBadgeNum)
		}
	}
	return nil
}

func (c *ClickAction) check() error {
	if c == nil {
		return fmt.Errorf("android.notification.click_action is required")
	}
	switch c.Type {
	case ClickIntent:
		if c.Intent == "" && c.Action == "" {
			return fmt.Errorf("click_action.intent or click_action.action is required when type is 1")
		}
	case ClickURL:
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("click_action.url must be an http(s) URL when type is 2, got %q", c.URL)
		}
	case ClickApp:
	case ClickRichResource:
		if c.RichResource == "" {
			return fmt.Errorf("click_action.rich_resource is required when type is 4")
		}
	default:
		return fmt.Errorf("click_action.type must be within 1 and 4, got %d", c.Type)
	}
	return nil
}

// applyDefaults writes out what the device reads.
func (m *Message) applyDefaults() {
	if m.IsNotification() {
		if m.Android == nil {
			m.Android = &AndroidConfig{}
		}
		n := m.Android.Notification
		if n == nil {
			n = &AndroidNotification{ClickAction: &ClickAction{Type: ClickApp}}
			m.Android.Notification = n
		}
		if m.Notification != nil {
			if n.Title == "" {
				n.Title = m.Notification.Title
			}
			if n.Body == "" {
				n.Body = m.Notification.Body
			}
		}
	}
	if m.Android != nil && m.Android.TTL == "" {
		m.Android.TTL = FlexString(strconv.Itoa(int(DefaultTTL.Seconds())) + "s")
	}
}

// ParseTTL reads an android.ttl: seconds with up to nine decimals and an
// optional "s" ("86400s", "3600", "0.5s"), at most MaxTTL.
func ParseTTL(s string) (time.Duration, error) {
	if !ttlPattern.MatchString(s) {
		return 0, fmt.Errorf("android.ttl %q is not a duration in seconds", s)
	}
	secs, err := strconv.ParseFloat(strings.TrimRight(s, "sS"), 64)
	if err != nil || secs > MaxTTL.Seconds() {
		return 0, fmt.Errorf("android.ttl %q is longer than %ds", s, int(MaxTTL.Seconds()))
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// TTL is the message's android.ttl (DefaultTTL when absent or bad).
func (m *Message) TTL() time.Duration {
	if m.Android == nil || m.Android.TTL == "" {
		return DefaultTTL
	}
	d, err := ParseTTL(string(m.Android.TTL))
	if err != nil {
		return DefaultTTL
	}
	return d
}

// MessageSize is the size of a messages:send body not counting the
// message's tokens, which is what the 4096-byte limit measures.
func MessageSize(body []byte) int {
	var probe struct {
		Message struct {
			Token json.RawMessage `json:"token"`
		} `json:"message"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return len(body)
	}
	return len(body) - len(probe.Message.Token)
}

func oneOfString(name, v string, allowed ...string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("%s must be one of %s, got %q", name, strings.Join(allowed[1:], ", "), v)
}

func oneOfInt(name string, v int, allowed ...int) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("%s must be one of %v, got %d", name, allowed, v)
}
