package honor

import (
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
)

// SendMessageRequest is the body of POST /api/v1/{appId}/sendMessage:
// camelCase, and unlike HMS without a "message" wrapper.
type SendMessageRequest struct {
	// Data is a data (pass-through) message's payload when there is no
	// notification.
	Data         hms.FlexString `json:"data,omitempty"`
	Notification *Notification  `json:"notification,omitempty"`
	Android      *AndroidConfig `json:"android,omitempty"`
	Token        []string       `json:"token,omitempty"`
}

// Notification is the common notification content.
type Notification struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
	Image string `json:"image,omitempty"`
}

// Target user types (android.targetUserType).
const (
	TargetFormal = 0 // an ordinary message (the default)
	TargetTest   = 1 // a test message
)

// AndroidConfig is the android part.
type AndroidConfig struct {
	// TTL is how long an absent device's message is kept: "86400s" by
	// default, at most "1296000s" (15 days).
	TTL            hms.FlexString       `json:"ttl,omitempty"`
	BiTag          string               `json:"biTag,omitempty"`
	Data           hms.FlexString       `json:"data,omitempty"`
	Notification   *AndroidNotification `json:"notification,omitempty"`
	TargetUserType hms.FlexInt          `json:"targetUserType,omitempty"`
}

// AndroidNotification is android.notification.
type AndroidNotification struct {
	Title       string       `json:"title,omitempty"`
	Body        string       `json:"body,omitempty"`
	ClickAction *ClickAction `json:"clickAction,omitempty"`
	Image       string       `json:"image,omitempty"`
	// Style 1 is big text, which needs BigTitle and BigBody.
	Style    hms.FlexInt `json:"style,omitempty"`
	BigTitle string      `json:"bigTitle,omitempty"`
	BigBody  string      `json:"bigBody,omitempty"`
	// Importance is LOW (news and marketing) or NORMAL (service and
	// communication).
	Importance string      `json:"importance,omitempty"`
	When       string      `json:"when,omitempty"`
	Buttons    []Button    `json:"buttons,omitempty"`
	Badge      *Badge      `json:"badge,omitempty"`
	NotifyID   hms.FlexInt `json:"notifyId,omitempty"`
	Tag        string      `json:"tag,omitempty"`
	Group      string      `json:"group,omitempty"`
}

// Click action types (clickAction.type).
const (
	ClickIntent = 1 // an app page by intent URI or action
	ClickURL    = 2 // an HTTPS URL
	ClickApp    = 3 // the app
)

// ClickAction is what tapping the notification does.
type ClickAction struct {
	Type   hms.FlexInt `json:"type"`
	Intent string      `json:"intent,omitempty"`
	URL    string      `json:"url,omitempty"`
	Action string      `json:"action,omitempty"`
}

// Button is a notification action button (at most 3).
type Button struct {
	Name string `json:"name"`
	// ActionType: 0 the app, 1 an app page, 2 a web page.
	ActionType hms.FlexInt `json:"actionType"`
	// IntentType: 0 Intent is an intent URI, 1 an action.
	IntentType hms.FlexInt `json:"intentType,omitempty"`
	Intent     string      `json:"intent,omitempty"`
	Data       string      `json:"data,omitempty"`
}

// Badge adds to or sets the launcher icon's badge; BadgeClass is the full
// class name of the app's launcher Activity.
type Badge struct {
	AddNum     hms.FlexInt  `json:"addNum,omitempty"`
	SetNum     *hms.FlexInt `json:"setNum,omitempty"`
	BadgeClass string       `json:"badgeClass,omitempty"`
}

// Importance values.
const (
	ImportanceLow    = "LOW"
	ImportanceNormal = "NORMAL"
)
