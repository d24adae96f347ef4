package fcm

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Keys of the bundle an Android device receives, as the FCM SDK reads
// them (RemoteMessage and its notification parameters).
const (
	KeyFrom              = "from"
	KeyCollapseKey       = "collapse_key"
	KeyMessageID         = "google.message_id"
	KeySentTime          = "google.sent_time"
	KeyTTL               = "google.ttl"
	KeyOriginalPriority  = "google.original_priority"
	KeyDeliveredPriority = "google.delivered_priority"
	KeyNotification      = "gcm.n.e"
	KeyTitle             = "gcm.n.title"
	KeyBody              = "gcm.n.body"
	KeyImage             = "gcm.n.image"
	KeyIcon              = "gcm.n.icon"
	KeyColor             = "gcm.n.color"
	KeySound             = "gcm.n.sound2"
	KeyTag               = "gcm.n.tag"
	KeyClickAction       = "gcm.n.click_action"
	KeyChannelID         = "gcm.n.android_channel_id"
	KeyTicker            = "gcm.n.ticker"
	KeySticky            = "gcm.n.sticky"
	KeyNotificationCount = "gcm.n.notification_count"
	KeyNotificationPrio  = "gcm.n.notification_priority"
	KeyVisibility        = "gcm.n.visibility"
	KeyDefaultSound      = "gcm.n.default_sound"
	KeyTitleLocKey       = "gcm.n.title_loc_key"
	KeyTitleLocArgs      = "gcm.n.title_loc_args"
	KeyBodyLocKey        = "gcm.n.body_loc_key"
	KeyBodyLocArgs       = "gcm.n.body_loc_args"
	KeyLocalOnly         = "gcm.n.local_only"
)

// notificationPriorityPrefix is cut from notification_priority values in
// the bundle ("PRIORITY_HIGH" → "HIGH").
const notificationPriorityPrefix = "PRIORITY_"

// RemoteBundle is the message as an Android device receives it: one flat
// string map holding the Android data (android.data, else data), the
// notification keys (Android overrides applied) when the message shows a
// notification, and FCM's metadata. from is the sender (pushsim uses the
// project ID), msgID the message ID, sent the acceptance time.
func RemoteBundle(m *Message, from, msgID string, sent time.Time, pkg string) map[string]string {
	b := map[string]string{}
	for k, v := range m.androidData() {
		b[k] = v
	}
	b[KeyFrom] = from
	b[KeyMessageID] = msgID
	b[KeySentTime] = strconv.FormatInt(sent.UnixMilli(), 10)
	prio := "normal"
	if m.Android != nil && strings.EqualFold(m.Android.Priority, "high") {
		prio = "high"
	}
	b[KeyOriginalPriority], b[KeyDeliveredPriority] = prio, prio
	ttl, _ := ParseTTL(androidTTL(m))
	b[KeyTTL] = strconv.FormatInt(int64(ttl/time.Second), 10)
	b[KeyCollapseKey] = pkg
	if m.Android != nil && m.Android.CollapseKey != "" {
		b[KeyCollapseKey] = m.Android.CollapseKey
	}
	if !m.isNotification() {
		return b
	}
	b[KeyNotification] = "1"
	set := func(k, v string) {
		if v != "" {
			b[k] = v
		}
	}
	set(KeyTitle, m.title())
	set(KeyBody, m.body())
	set(KeyImage, m.image())
	n := m.androidNotification()
	if n == nil {
		return b
	}
	set(KeyIcon, n.Icon)
	set(KeyColor, n.Color)
	set(KeySound, n.Sound)
	set(KeyTag, n.Tag)
	set(KeyClickAction, n.ClickAction)
	set(KeyChannelID, n.ChannelID)
	set(KeyTicker, n.Ticker)
	set(KeyVisibility, n.Visibility)
	set(KeyTitleLocKey, n.TitleLocKey)
	set(KeyBodyLocKey, n.BodyLocKey)
	set(KeyTitleLocArgs, jsonList(n.TitleLocArgs))
	set(KeyBodyLocArgs, jsonList(n.BodyLocArgs))
	set(KeyNotificationPrio, strings.TrimPrefix(n.NotificationPriority, notificationPriorityPrefix))
	if n.Sticky {
		b[KeySticky] = "1"
	}
	if n.LocalOnly {
		b[KeyLocalOnly] = "1"
	}
	if n.DefaultSound {
		b[KeyDefaultSound] = "1"
	}
	if n.NotificationCount != nil {
		b[KeyNotificationCount] = strconv.Itoa(*n.NotificationCount)
	}
	return b
}

func androidTTL(m *Message) string {
	if m.Android == nil {
		return ""
	}
	return m.Android.TTL
}

func jsonList(l []string) string {
	if len(l) == 0 {
		return ""
	}
	b, _ := json.Marshal(l)
	return string(b)
}
