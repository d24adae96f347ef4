package fcm

import (
	"github.com/pushsim/pushsim/protocol"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// Members that readSendRequest decodes by hand: the snake_case names of
// each object, in its struct's order. Anything else (lowerCamelCase
// names, apns, webpush, lists, light_settings) is left to
// parseSendRequestJSON.
var (
	requestNames      = []string{"validate_only", "message"}
	messageNames      = []string{"name", "token", "topic", "condition", "data", "notification", "android", "fcm_options"}
	notificationNames = []string{"title", "body", "image"}
	androidNames      = []string{"collapse_key", "priority", "ttl", "restricted_package_name", "data", "notification",
		"fcm_options", "direct_boot_ok", "restricted_satellite_ok", "bandwidth_constrained_ok"}
	androidNotificationNames = []string{"title", "body", "icon", "color", "sound", "tag", "click_action", "body_loc_key",
		"title_loc_key", "channel_id", "ticker", "sticky", "event_time", "local_only", "notification_priority",
		"default_sound", "default_vibrate_timings", "default_light_settings", "visibility", "notification_count",
		"image", "bypass_proxy_notification", "proxy"}
	fcmOptionsNames = []string{"analytics_label"}
)

// readSendRequest decodes body as parseSendRequestJSON does when it is
// one object (and nothing after it) whose members are among the names
// above, each once, with plain keys, no null and values of their
// fields' types; ok is false for any other body.
func readSendRequest(body []byte) (req *SendRequest, ok bool) {
	d := requestReader{mockvendors.NewJSONFields(body)}
	req = new(SendRequest)
	ok = d.Object(requestNames, func(i int) bool {
		if i == 0 {
			return d.Bool(&req.ValidateOnly)
		}
		req.Message = new(Message)
		return d.message(req.Message)
	})
	return req, ok && d.End()
}

// requestReader reads the parts of a messages:send body for
// readSendRequest.
type requestReader struct{ mockvendors.JSONFields }

func (d *requestReader) message(m *Message) bool {
	return d.Object(messageNames, func(i int) bool {
		switch i {
		case 0:
			return d.String(&m.Name)
		case 1:
			return d.String(&m.Token)
		case 2:
			return d.String(&m.Topic)
		case 3:
			return d.String(&m.Condition)
		case 4:
			return d.StringMap(&m.Data)
		case 5:
			m.Notification = new(Notification)
			return d.notification(m.Notification)
		case 6:
			m.Android = new(AndroidConfig)
			return d.android(m.Android)
		}
		m.FCMOptions = new(FCMOptions)
		return d.fcmOptions(m.FCMOptions)
	})
}

func (d *requestReader) notification(n *Notification) bool {
	return d.Object(notificationNames, func(i int) bool {
		return d.String([]*string{&n.Title, &n.Body, &n.Image}[i])
	})
}

func (d *requestReader) fcmOptions(o *FCMOptions) bool {
	return d.Object(fcmOptionsNames, func(int) bool { return d.String(&o.AnalyticsLabel) })
}

func (d *requestReader) android(a *AndroidConfig) bool {
	return d.Object(androidNames, func(i int) bool {
		switch i {
		case 0:
			return d.String(&a.CollapseKey)
		case 1:
			return d.String(&a.Priority)
		case 2:
			return d.String(&a.TTL)
		case 3:
			return d.String(&a.RestrictedPackageName)
		case 4:
			return d.StringMap(&a.Data)
		case 5:
			a.Notification = new(AndroidNotification)
			return d.androidNotification(a.Notification)
		case 6:
			a.FCMOptions = new(FCMOptions)
			return d.fcmOptions(a.FCMOptions)
		case 7:
			return d.Bool(&a.DirectBootOK)
		case 8:
			return d.Bool(&a.RestrictedSatelliteOK)
		}
		return d.Bool(&a.BandwidthConstrainedOK)
	})
}

func (d *requestReader) androidNotification(n *AndroidNotification) bool {
	strs := [...]*string{0: &n.Title, 1: &n.Body, 2: &n.Icon, 3: &n.Color, 4: &n.Sound, 5: &n.Tag,
		6: &n.ClickAction, 7: &n.BodyLocKey, 8: &n.TitleLocKey, 9: &n.ChannelID, 10: &n.Ticker,
		12: &n.EventTime, 14: &n.NotificationPriority, 18: &n.Visibility, 20: &n.Image, 22: &n.Proxy}
	bools := [...]*bool{11: &n.Sticky, 13: &n.LocalOnly, 15: &n.DefaultSound, 16: &n.DefaultVibrateTimings,
		17: &n.DefaultLightSettings, 21: &n.BypassProxyNotification}
	return d.Object(androidNotificationNames, func(i int) bool {
		switch {
		case i == 19:
			return d.int32(&n.NotificationCount)
		case i < len(bools) && bools[i] != nil:
			return d.Bool(bools[i])
		}
		return d.String(strs[i])
	})
}

// int32 reads an int32 field as normalizeInt takes it: a number, or a
// string holding one, with no fraction or exponent.
func (d *requestReader) int32(dst **int) bool {
	v, ok := d.Value()
	if !ok {
		return false
	}
	text := string(v)
	if v[0] == '"' {
		text = strings.TrimSpace(protocol.JSONStringContent(v))
	}
	n, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return false
	}
	i := int(n)
	*dst = &i
	return true
}
