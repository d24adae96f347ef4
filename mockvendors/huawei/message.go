package huawei

import "encoding/json"

// SendRequest is the body of POST /v1/{appId}/messages:send.
type SendRequest struct {
	// ValidateOnly checks the message without sending it.
	ValidateOnly bool     `json:"validate_only"`
	Message      *Message `json:"message"`
}

// Message is one message and its targets: exactly one of Token (1–1000
// push tokens), Topic or Condition.
type Message struct {
	// Data is the payload of a data (pass-through) message, delivered to
	// the app's HmsMessageService.onMessageReceived.
	Data         FlexString     `json:"data,omitempty"`
	Notification *Notification  `json:"notification,omitempty"`
	Android      *AndroidConfig `json:"android,omitempty"`
	// Apns and WebPush are kept as sent; pushsim delivers to Android only.
	Apns      json.RawMessage `json:"apns,omitempty"`
	WebPush   json.RawMessage `json:"webpush,omitempty"`
	Token     []string        `json:"token,omitempty"`
	Topic     string          `json:"topic,omitempty"`
	Condition string          `json:"condition,omitempty"`
}

// Notification is the cross-platform notification content.
type Notification struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
	Image string `json:"image,omitempty"`
}

// AndroidConfig is message.android: delivery options and the Android
// notification.
type AndroidConfig struct {
	// CollapseKey is -1 (no collapsing) to 100.
	CollapseKey *FlexInt `json:"collapse_key,omitempty"`
	// Urgency is HIGH or NORMAL.
	Urgency string `json:"urgency,omitempty"`
	// Category is the self-classification (IM, VOIP, MARKETING, ...).
	Category string `json:"category,omitempty"`
	// TTL is how long an absent device's message is kept, "86400s" by
	// default.
	TTL FlexString `json:"ttl,omitempty"`
	// BiTag comes back in receipts.
	BiTag string `json:"bi_tag,omitempty"`
	// ReceiptID picks the receipt configuration (see Server).
	ReceiptID      string               `json:"receipt_id,omitempty"`
	FastAppTarget  FlexInt              `json:"fast_app_target,omitempty"`
	TargetUserType FlexInt              `json:"target_user_type,omitempty"`
	Data           FlexString           `json:"data,omitempty"`
	Notification   *AndroidNotification `json:"notification,omitempty"`
}

// AndroidNotification is message.android.notification.
type AndroidNotification struct {
	Title             string          `json:"title,omitempty"`
	Body              string          `json:"body,omitempty"`
	Icon              string          `json:"icon,omitempty"`
	Color             string          `json:"color,omitempty"`
	Sound             string          `json:"sound,omitempty"`
	DefaultSound      bool            `json:"default_sound,omitempty"`
	Tag               string          `json:"tag,omitempty"`
	ClickAction       *ClickAction    `json:"click_action,omitempty"`
	BodyLocKey        string          `json:"body_loc_key,omitempty"`
	BodyLocArgs       []string        `json:"body_loc_args,omitempty"`
	TitleLocKey       string          `json:"title_loc_key,omitempty"`
	TitleLocArgs      []string        `json:"title_loc_args,omitempty"`
	MultiLangKey      json.RawMessage `json:"multi_lang_key,omitempty"`
	ChannelID         string          `json:"channel_id,omitempty"`
	NotifySummary     string          `json:"notify_summary,omitempty"`
	Image             string          `json:"image,omitempty"`
	Style             FlexInt         `json:"style,omitempty"`
	BigTitle          string          `json:"big_title,omitempty"`
	BigBody           string          `json:"big_body,omitempty"`
	AutoClear         FlexInt         `json:"auto_clear,omitempty"`
	NotifyID          FlexInt         `json:"notify_id,omitempty"`
	Group             string          `json:"group,omitempty"`
	Badge             *Badge          `json:"badge,omitempty"`
	Ticker            string          `json:"ticker,omitempty"`
	AutoCancel        *bool           `json:"auto_cancel,omitempty"`
	When              string          `json:"when,omitempty"`
	Importance        string          `json:"importance,omitempty"`
	UseDefaultVibrate bool            `json:"use_default_vibrate,omitempty"`
	UseDefaultLight   bool            `json:"use_default_light,omitempty"`
	VibrateConfig     []string        `json:"vibrate_config,omitempty"`
	Visibility        string          `json:"visibility,omitempty"`
	LightSettings     json.RawMessage `json:"light_settings,omitempty"`
	ForegroundShow    *bool           `json:"foreground_show,omitempty"`
}

// Click action types (click_action.type).
const (
	ClickIntent       = 1 // a custom intent URI or action
	ClickURL          = 2 // open url
	ClickApp          = 3 // open the app
	ClickRichResource = 4 // rich media (legacy)
)

// ClickAction is what tapping the notification does.
type ClickAction struct {
	Type         FlexInt `json:"type"`
	Intent       string  `json:"intent,omitempty"`
	Action       string  `json:"action,omitempty"`
	URL          string  `json:"url,omitempty"`
	RichResource string  `json:"rich_resource,omitempty"`
}

// Badge sets or adds to the launcher icon's badge. Class is the full
// class name of the app's launcher Activity; with any other class the
// device shows no badge.
type Badge struct {
	AddNum FlexInt  `json:"add_num,omitempty"`
	SetNum *FlexInt `json:"set_num,omitempty"`
	Class  string   `json:"class,omitempty"`
}

// Importance values (android.notification.importance).
const (
	ImportanceLow    = "LOW"
	ImportanceNormal = "NORMAL"
	ImportanceHigh   = "HIGH"
)

// Categories are self-classification values (android.category) HMS
// documents. The list is not complete, so the mock accepts any upper-case
// word; the marketing daily cap applies to MARKETING and to messages
// without a category.
var Categories = []string{"IM", "VOIP", "SUBSCRIPTION", "TRAVEL", "HEALTH", "WORK", "ACCOUNT", "EXPRESS",
	"FINANCE", "DEVICE_REMINDER", "MAIL", "MARKETING"}

// CategoryMarketing is the marketing category.
const CategoryMarketing = "MARKETING"
