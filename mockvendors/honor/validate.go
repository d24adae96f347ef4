package honor

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	hms "github.com/pushsim/pushsim/mockvendors/huawei"
)

// Limits of sendMessage.
const (
	MaxTokens      = 1000
	DefaultTTL     = 24 * time.Hour
	MaxButtons     = 3
	MaxButtonName  = 40   // characters
	MaxButtonData  = 1024 // characters
	MaxBadgeNumber = 99
)

// ParseSendMessage decodes and checks a sendMessage body, then fills in
// what the device reads: android.ttl "86400s", and for a notification an
// android.notification whose empty title and body come from the top-level
// notification and whose clickAction, when absent, opens the app. A bad
// request is a *APIError: 80100003 for a body that is not a message,
// 80100001 for a bad field, 80300010 for a bad token count.
func ParseSendMessage(body []byte) (SendMessageRequest, error) {
	m, e := parseSendMessage(body)
	if e != nil {
		return SendMessageRequest{}, e
	}
	return m, nil
}

func parseSendMessage(body []byte) (SendMessageRequest, *APIError) {
	m, err := decodeSendMessage(body)
	switch {
	case errors.Is(err, hms.ErrInvalidUTF8):
		return SendMessageRequest{}, apiErr(CodeParamError, "data, ttl or another payload field is not valid UTF-8")
	case err != nil:
		return SendMessageRequest{}, apiErr(CodeIllegalPayload, "%v", err)
	}
	if len(m.Token) < 1 || len(m.Token) > MaxTokens {
		return SendMessageRequest{}, apiErr(CodeTokenCount, "got %d tokens", len(m.Token))
	}
	if !m.IsNotification() && m.Data == "" && (m.Android == nil || m.Android.Data == "") {
		return SendMessageRequest{}, apiErr(CodeIllegalPayload, "the message has neither a notification nor data")
	}
	if err := m.check(); err != nil {
		return SendMessageRequest{}, apiErr(CodeParamError, "%v", err)
	}
	m.applyDefaults()
	return m, nil
}

// IsNotification reports whether m shows a notification rather than
// being a data message.
func (m *SendMessageRequest) IsNotification() bool {
	return m.Notification != nil || (m.Android != nil && m.Android.Notification != nil)
}

func (m *SendMessageRequest) check() error {
	var n *AndroidNotification
	if a := m.Android; a != nil {
		if a.TTL != "" {
			if _, err := hms.ParseTTL(string(a.TTL)); err != nil {
				return err
			}
		}
		if t := int(a.TargetUserType); t != TargetFormal && t != TargetTest {
			return fmt.Errorf("android.targetUserType must be 0 or 1, got %d", t)
		}
		n = a.Notification
	}
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
	if n.Title == "" && title == "" {
		return fmt.Errorf("android.notification.title is required")
	}
	if n.Body == "" && body == "" {
		return fmt.Errorf("android.notification.body is required")
	}
	return n.check()
}

func (n *AndroidNotification) check() error {
	if err := n.ClickAction.check(); err != nil {
		return err
	}
	switch n.Importance {
	case "", ImportanceLow, ImportanceNormal:
	default:
		return fmt.Errorf("android.notification.importance must be LOW or NORMAL, got %q", n.Importance)
	}
	switch n.Style {
	case 0:
	case 1:
		if n.BigTitle == "" || n.BigBody == "" {
			return fmt.Errorf("android.notification.bigTitle and bigBody are required when style is 1")
		}
	default:
		return fmt.Errorf("android.notification.style must be 0 or 1, got %d", n.Style)
	}
	if len(n.Buttons) > MaxButtons {
		return fmt.Errorf("android.notification.buttons takes at most %d buttons", MaxButtons)
	}
	for i, b := range n.Buttons {
		if err := b.check(); err != nil {
			return fmt.Errorf("android.notification.buttons[%d].%v", i, err)
		}
	}
	if b := n.Badge; b != nil {
		if b.BadgeClass == "" {
			return fmt.Errorf("android.notification.badge.badgeClass is required")
		}
		if b.AddNum < 0 || b.AddNum > MaxBadgeNumber {
			return fmt.Errorf("android.notification.badge.addNum must be within 1 and %d", MaxBadgeNumber)
		}
		if b.SetNum != nil && (*b.SetNum < 0 || *b.SetNum > MaxBadgeNumber) {
			return fmt.Errorf("android.notification.badge.setNum must be within 0 and %d", MaxBadgeNumber)
		}
	}
	return nil
}

func (c *ClickAction) check() error {
	if c == nil {
		return fmt.Errorf("android.notification.clickAction is required")
	}
	switch c.Type {
	case ClickIntent:
		if c.Intent == "" && c.Action == "" {
			return fmt.Errorf("clickAction.intent or clickAction.action is required when type is 1")
		}
	case ClickURL:
		if !isHTTPS(c.URL) {
			return fmt.Errorf("clickAction.url must be an HTTPS URL when type is 2, got %q", c.URL)
		}
	case ClickApp:
	default:
		return fmt.Errorf("clickAction.type must be 1, 2 or 3, got %d", c.Type)
	}
	return nil
}

func (b Button) check() error {
	if n := utf8.RuneCountInString(b.Name); n < 1 || n > MaxButtonName {
		return fmt.Errorf("name must be 1-%d characters", MaxButtonName)
	}
	if utf8.RuneCountInString(b.Data) > MaxButtonData {
		return fmt.Errorf("data must be at most %d characters", MaxButtonData)
	}
	switch b.ActionType {
	case 0:
	case 1:
		if b.IntentType != 0 && b.IntentType != 1 {
			return fmt.Errorf("intentType must be 0 or 1, got %d", b.IntentType)
		}
		if b.Intent == "" {
			return fmt.Errorf("intent is required when actionType is 1")
		}
	case 2:
		if !isHTTPS(b.Intent) {
			return fmt.Errorf("intent must be an HTTPS URL when actionType is 2")
		}
	default:
		return fmt.Errorf("actionType must be 0, 1 or 2, got %d", b.ActionType)
	}
	return nil
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// applyDefaults writes out what the device reads.
func (m *SendMessageRequest) applyDefaults() {
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
		m.Android.TTL = hms.FlexString(strconv.Itoa(int(DefaultTTL.Seconds())) + "s")
	}
}

// TTL is the message's android.ttl (DefaultTTL when absent or bad).
func (m *SendMessageRequest) TTL() time.Duration {
	if m.Android == nil || m.Android.TTL == "" {
		return DefaultTTL
	}
	d, err := hms.ParseTTL(string(m.Android.TTL))
	if err != nil {
		return DefaultTTL
	}
	return d
}

// MessageSize is the size of a sendMessage body without its tokens.
func MessageSize(body []byte) int {
	var probe struct {
		Token json.RawMessage `json:"token"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return len(body)
	}
	return len(body) - len(probe.Token)
}
