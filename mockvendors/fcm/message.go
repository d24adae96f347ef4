package fcm

import "encoding/json"

// SendRequest is the body of messages:send.
type SendRequest struct {
	ValidateOnly bool     `json:"validate_only,omitempty"`
	Message      *Message `json:"message,omitempty"`
}

// Message is an FCM HTTP v1 message. Exactly one of Token, Topic and
// Condition names the target.
type Message struct {
	Name         string            `json:"name,omitempty"`
	Token        string            `json:"token,omitempty"`
	Topic        string            `json:"topic,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Data         map[string]string `json:"data,omitempty"`
	Notification *Notification     `json:"notification,omitempty"`
	Android      *AndroidConfig    `json:"android,omitempty"`
	// APNS and Webpush are kept as received: they never reach an Android
	// device.
	APNS       json.RawMessage `json:"apns,omitempty"`
	Webpush    json.RawMessage `json:"webpush,omitempty"`
	FCMOptions *FCMOptions     `json:"fcm_options,omitempty"`
}

// Notification is the cross-platform notification.
type Notification struct {
	Title string `json:"title,omitempty"`
	Body  string `json:"body,omitempty"`
	Image string `json:"image,omitempty"`
}

// AndroidConfig holds the Android-specific options. Data, when present,
// replaces Message.Data on Android devices.
type AndroidConfig struct {
	CollapseKey            string               `json:"collapse_key,omitempty"`
	Priority               string               `json:"priority,omitempty"`
	TTL                    string               `json:"ttl,omitempty"`
	RestrictedPackageName  string               `json:"restricted_package_name,omitempty"`
	Data                   map[string]string    `json:"data,omitempty"`
	Notification           *AndroidNotification `json:"notification,omitempty"`
	FCMOptions             *FCMOptions          `json:"fcm_options,omitempty"`
	DirectBootOK           bool                 `json:"direct_boot_ok,omitempty"`
	RestrictedSatelliteOK  bool                 `json:"restricted_satellite_ok,omitempty"`
	BandwidthConstrainedOK bool                 `json:"bandwidth_constrained_ok,omitempty"`
}

// AndroidNotification is the Android notification. Title, Body and Image
// override the Notification's. ClickAction is the intent action a tap
// launches; ChannelID the Android 8+ notification channel.
type AndroidNotification struct {
	Title                   string          `json:"title,omitempty"`
	Body                    string          `json:"body,omitempty"`
	Icon                    string          `json:"icon,omitempty"`
	Color                   string          `json:"color,omitempty"`
	Sound                   string          `json:"sound,omitempty"`
	Tag                     string          `json:"tag,omitempty"`
	ClickAction             string          `json:"click_action,omitempty"`
	BodyLocKey              string          `json:"body_loc_key,omitempty"`
	BodyLocArgs             []string        `json:"body_loc_args,omitempty"`
	TitleLocKey             string          `json:"title_loc_key,omitempty"`
	TitleLocArgs            []string        `json:"title_loc_args,omitempty"`
	ChannelID               string          `json:"channel_id,omitempty"`
	Ticker                  string          `json:"ticker,omitempty"`
	Sticky                  bool            `json:"sticky,omitempty"`
	EventTime               string          `json:"event_time,omitempty"`
	LocalOnly               bool            `json:"local_only,omitempty"`
	NotificationPriority    string          `json:"notification_priority,omitempty"`
	DefaultSound            bool            `json:"default_sound,omitempty"`
	DefaultVibrateTimings   bool            `json:"default_vibrate_timings,omitempty"`
	DefaultLightSettings    bool            `json:"default_light_settings,omitempty"`
	VibrateTimings          []string        `json:"vibrate_timings,omitempty"`
	Visibility              string          `json:"visibility,omitempty"`
	NotificationCount       *int            `json:"notification_count,omitempty"`
	LightSettings           json.RawMessage `json:"light_settings,omitempty"`
	Image                   string          `json:"image,omitempty"`
	BypassProxyNotification bool            `json:"bypass_proxy_notification,omitempty"`
	Proxy                   string          `json:"proxy,omitempty"`
}

// FCMOptions are the analytics options (message-level and Android).
type FCMOptions struct {
	AnalyticsLabel string `json:"analytics_label,omitempty"`
}

// SendResponse is the success answer: the message's resource name.
type SendResponse struct {
	Name string `json:"name"`
}

// FakeMessageID is the message ID of a validate_only answer.
const FakeMessageID = "fake_message_id"

// title is the title an Android device shows.
func (m *Message) title() string {
	if n := m.androidNotification(); n != nil && n.Title != "" {
		return n.Title
	}
	if m.Notification != nil {
		return m.Notification.Title
	}
	return ""
}

// body is the body an Android device shows.
func (m *Message) body() string {
	if n := m.androidNotification(); n != nil && n.Body != "" {
		return n.Body
	}
	if m.Notification != nil {
		return m.Notification.Body
	}
	return ""
}

func (m *Message) image() string {
	if n := m.androidNotification(); n != nil && n.Image != "" {
		return n.Image
	}
	if m.Notification != nil {
		return m.Notification.Image
	}
	return ""
}

func (m *Message) androidNotification() *AndroidNotification {
	if m.Android == nil {
		return nil
	}
	return m.Android.Notification
}

// androidData is the data an Android device receives: android.data when
// present, else data.
func (m *Message) androidData() map[string]string {
	if m.Android != nil && m.Android.Data != nil {
		return m.Android.Data
	}
	return m.Data
}

// isNotification reports whether the message shows a notification on
// Android (otherwise it is a data message).
func (m *Message) isNotification() bool {
	return m.Notification != nil || m.androidNotification() != nil
}
