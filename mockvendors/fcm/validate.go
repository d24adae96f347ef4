package fcm

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// Payload limits and the longest ttl FCM keeps a message.
const (
	MaxPayload      = 4096
	MaxTopicPayload = 2048
	MaxTTL          = 28 * 24 * time.Hour
)

var (
	durationPattern = regexp.MustCompile(`^(-?)(\d{1,12})(\.\d{1,9})?s$`)
	topicPattern    = regexp.MustCompile(`^[a-zA-Z0-9\-_.~%]{1,900}$`)
	colorPattern    = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	// A registration token is long and URL-safe; anything else is not a
	// token at all (INVALID_ARGUMENT), while a well-formed token nobody
	// holds is UNREGISTERED.
	tokenChars = charclass.New("A-Za-z0-9_:-")
)

// Enum values of the AndroidNotification fields FCM checks.
var (
	notificationPriorities = enum("PRIORITY_UNSPECIFIED", "PRIORITY_MIN", "PRIORITY_LOW", "PRIORITY_DEFAULT", "PRIORITY_HIGH", "PRIORITY_MAX")
	visibilities           = enum("VISIBILITY_UNSPECIFIED", "PRIVATE", "PUBLIC", "SECRET")
	proxies                = enum("PROXY_UNSPECIFIED", "ALLOW", "DENY", "IF_PRIORITY_LOWERED")
)

func enum(vals ...string) map[string]bool {
	m := map[string]bool{}
	for _, v := range vals {
		m[v] = true
	}
	return m
}

// WellFormedToken reports whether s has the shape of a registration token.
// Tokens are 32 to 4096 URL-safe characters.
func WellFormedToken(s string) bool {
	return tokenChars.Run(s, 32, 4096)
}

// Validate checks a parsed request as FCM does before it looks at the
// target: the message is set, names exactly one target of the right
// shape, uses no reserved data keys, and its enums, durations and size
// are valid. maxPayload and maxTopic are the size limits in bytes.
func Validate(req *SendRequest, maxPayload, maxTopic int) *APIError {
	m := req.Message
	if m == nil {
		return invalidArg("message", "Message must be set.")
	}
	if e := checkTarget(m); e != nil {
		return e
	}
	if e := checkData("message.data", m.Data); e != nil {
		return e
	}
	if a := m.Android; a != nil {
		if e := checkAndroid(a); e != nil {
			return e
		}
	}
	limit := maxPayload
	if m.Token == "" {
		limit = maxTopic
	}
	if n := PayloadSize(m); limit > 0 && n > limit {
		return invalidArg("message", fmt.Sprintf("Message is too big: the payload is %d bytes, the limit is %d.", n, limit))
	}
	return nil
}

func checkTarget(m *Message) *APIError {
	var set []string
	for _, t := range []struct{ name, v string }{{"token", m.Token}, {"topic", m.Topic}, {"condition", m.Condition}} {
		if t.v != "" {
			set = append(set, t.name)
		}
	}
	switch {
	case len(set) == 0:
		return invalidArg("message", "Recipient of the message is not set.")
	case len(set) > 1:
		return frontEndArg("message", fmt.Sprintf("Invalid value at 'message' (oneof), oneof field 'target' is already set. Cannot set '%s'", set[1]))
	}
	switch {
	case m.Token != "" && !WellFormedToken(m.Token):
		return invalidArg("message.token", "The registration token is not a valid FCM registration token")
	case m.Topic != "" && !topicPattern.MatchString(strings.TrimPrefix(m.Topic, "/topics/")):
		return invalidArg("message.topic", "Invalid topic name "+strconv.Quote(m.Topic))
	case m.Condition != "" && (strings.Count(m.Condition, "in topics") > 5 || !strings.Contains(m.Condition, "in topics")):
		return invalidArg("message.condition", "Invalid condition expression provided.")
	}
	return nil
}

// checkData refuses the keys FCM reserves for itself.
func checkData(path string, data map[string]string) *APIError {
	for _, k := range sortedKeys(data) {
		lk := strings.ToLower(k)
		if k == "" || lk == "from" || lk == "notification" || lk == "message_type" || strings.HasPrefix(lk, "google") || strings.HasPrefix(lk, "gcm") {
			return invalidArg(path, "Invalid data payload key: "+strconv.Quote(k))
		}
	}
	return nil
}

func checkAndroid(a *AndroidConfig) *APIError {
	if p := strings.ToUpper(a.Priority); p != "" && p != "NORMAL" && p != "HIGH" {
		return badValue("message.android.priority", protoPrefix+"AndroidMessagePriority", a.Priority)
	}
	if _, e := ParseTTL(a.TTL); e != nil {
		return e
	}
	if e := checkData("message.android.data", a.Data); e != nil {
		return e
	}
	n := a.Notification
	if n == nil {
		return nil
	}
	const at = "message.android.notification."
	switch {
	case n.NotificationPriority != "" && !notificationPriorities[n.NotificationPriority]:
		return badValue(at+"notification_priority", protoPrefix+"AndroidNotification.NotificationPriority", n.NotificationPriority)
	case n.Visibility != "" && !visibilities[n.Visibility]:
		return badValue(at+"visibility", protoPrefix+"AndroidNotification.Visibility", n.Visibility)
	case n.Proxy != "" && !proxies[n.Proxy]:
		return badValue(at+"proxy", protoPrefix+"AndroidNotification.Proxy", n.Proxy)
	case n.Color != "" && !colorPattern.MatchString(n.Color):
		return invalidArg(at+"color", "Color must be in the form #RRGGBB: "+strconv.Quote(n.Color))
	}
	if n.EventTime != "" {
		if _, err := time.Parse(time.RFC3339Nano, n.EventTime); err != nil {
			return badValue(at+"event_time", "type.googleapis.com/google.protobuf.Timestamp", n.EventTime)
		}
	}
	for i, v := range n.VibrateTimings {
		if _, err := parseDuration(v); err != nil {
			return badValue(fmt.Sprintf("%svibrate_timings[%d]", at, i), "type.googleapis.com/google.protobuf.Duration", v)
		}
	}
	if n.NotificationCount != nil && *n.NotificationCount < 0 {
		return invalidArg(at+"notification_count", "notification_count must not be negative")
	}
	return nil
}

// ParseTTL reads android.ttl ("3.5s"): empty means the four-week default,
// longer values are cut to four weeks.
func ParseTTL(s string) (time.Duration, *APIError) {
	if s == "" {
		return MaxTTL, nil
	}
	d, err := parseDuration(s)
	if err != nil {
		return 0, badValue("message.android.ttl", "type.googleapis.com/google.protobuf.Duration", s)
	}
	if d < 0 {
		return 0, invalidArg("message.android.ttl", "TTL must not be negative: "+strconv.Quote(s))
	}
	return min(d, MaxTTL), nil
}

// parseDuration reads a protobuf Duration in JSON ("3.5s").
func parseDuration(s string) (time.Duration, error) {
	m := durationPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("not a duration: %q", s)
	}
	secs, _ := strconv.ParseInt(m[2], 10, 64)
	d := time.Duration(secs) * time.Second
	if m[3] != "" {
		frac := (m[3][1:] + "000000000")[:9]
		ns, _ := strconv.ParseInt(frac, 10, 64)
		d += time.Duration(ns)
	}
	if m[1] == "-" {
		d = -d
	}
	return d, nil
}

// PayloadSize is what counts against the payload limit: the JSON of the
// message's content (data, notification and the platform blocks), without
// its target, name and fcm_options.
func PayloadSize(m *Message) int {
	b, err := json.Marshal(Message{Data: m.Data, Notification: m.Notification, Android: m.Android, APNS: m.APNS, Webpush: m.Webpush})
	if err != nil {
		return 0
	}
	return len(b)
}
