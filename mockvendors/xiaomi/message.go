package xiaomi

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Message is one MiPush message as its form fields carry it. Optional
// numbers with a meaningful zero are pointers; nil means "not sent".
type Message struct {
	// RestrictedPackageNames is restricted_package_name (a comma list).
	RestrictedPackageNames []string
	// Payload reaches the app as MiPushMessage.getContent().
	Payload string
	// Title and Description are the notification's text (fewer than 50
	// and 128 characters).
	Title       string
	Description string
	// PassThrough is 0 for a notification-bar message, 1 for pass-through.
	PassThrough int
	// NotifyType is -1 (DEFAULT_ALL) or an OR of 1 sound, 2 vibrate, 4 lights.
	NotifyType *int
	// NotifyID: a notification with the same ID replaces the previous one.
	NotifyID *int
	// TimeToLive is how long (ms) an absent device's message is kept;
	// 0 is the default, two weeks.
	TimeToLive int64
	// TimeToSend schedules the message (epoch ms, at most 7 days ahead);
	// 0 sends now.
	TimeToSend int64
	// Extra holds the extra.<key> fields, keys without the prefix.
	Extra map[string]string
}

// Known extra keys (without the "extra." prefix).
const (
	ExtraNotifyEffect  = "notify_effect"
	ExtraIntentURI     = "intent_uri"
	ExtraWebURI        = "web_uri"
	ExtraChannelID     = "channel_id"
	ExtraSoundURI      = "sound_uri"
	ExtraJobKey        = "jobkey"
	ExtraCallback      = "callback"
	ExtraCallbackParam = "callback.param"
	ExtraCallbackType  = "callback.type"
)

// Notify effects (extra.notify_effect): what tapping the notification does.
const (
	EffectLauncher = "1" // open the app's launcher Activity
	EffectIntent   = "2" // open the Activity given by extra.intent_uri
	EffectWeb      = "3" // open extra.web_uri in a browser
)

// knownExtras are the service's predefined extra keys; every other
// extra.<key> is a custom pair for the app (at most ten).
var knownExtras = map[string]bool{
	ExtraNotifyEffect: true, ExtraIntentURI: true, ExtraWebURI: true, ExtraChannelID: true,
	"channel_name": true, "channel_description": true, "notify_foreground": true, ExtraSoundURI: true,
	"ticker": true, ExtraJobKey: true, "flow_control": true, "only_send_once": true,
	ExtraCallback: true, ExtraCallbackParam: true, ExtraCallbackType: true,
	"locale": true, "locale_not_in": true, "model": true, "model_not_in": true,
	"app_version": true, "app_version_not_in": true, "connpt": true,
}

// serverOnlyExtras are the extras the service keeps to itself: receipts
// and targeting filters never reach the device.
var serverOnlyExtras = map[string]bool{
	ExtraCallback: true, ExtraCallbackParam: true, ExtraCallbackType: true,
	"locale": true, "locale_not_in": true, "model": true, "model_not_in": true,
	"app_version": true, "app_version_not_in": true, "connpt": true, "flow_control": true,
}

// Int returns a pointer to v, for Message's optional numbers.
func Int(v int) *int { return &v }

// Form writes the message as the form fields a backend sends.
func (m Message) Form() url.Values {
	f := url.Values{}
	if len(m.RestrictedPackageNames) > 0 {
		f.Set("restricted_package_name", strings.Join(m.RestrictedPackageNames, ","))
	}
	if m.Payload != "" {
		f.Set("payload", m.Payload)
	}
	if m.Title != "" {
		f.Set("title", m.Title)
	}
	if m.Description != "" {
		f.Set("description", m.Description)
	}
	f.Set("pass_through", strconv.Itoa(m.PassThrough))
	if m.NotifyType != nil {
		f.Set("notify_type", strconv.Itoa(*m.NotifyType))
	}
	if m.NotifyID != nil {
		f.Set("notify_id", strconv.Itoa(*m.NotifyID))
	}
	if m.TimeToLive != 0 {
		f.Set("time_to_live", strconv.FormatInt(m.TimeToLive, 10))
	}
	if m.TimeToSend != 0 {
		f.Set("time_to_send", strconv.FormatInt(m.TimeToSend, 10))
	}
	for k, v := range m.Extra {
		f.Set("extra."+k, v)
	}
	return f
}

// Custom returns the custom extra pairs (the keys the service does not
// predefine), or nil.
func (m Message) Custom() map[string]string {
	var out map[string]string
	for k, v := range m.Extra {
		if !knownExtras[k] {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// Effect is the message's notify_effect ("1" when unset: a tap opens the
// app).
func (m Message) Effect() string {
	if e := m.Extra[ExtraNotifyEffect]; e != "" {
		return e
	}
	return EffectLauncher
}

// extraKeys lists the extra keys in order.
func (m Message) extraKeys() []string {
	keys := make([]string, 0, len(m.Extra))
	for k := range m.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
