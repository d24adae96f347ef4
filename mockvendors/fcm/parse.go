package fcm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The request is read the way Google's JSON front end reads a proto
// message: each object is checked against its schema, lowerCamelCase
// names are accepted for snake_case fields, null means "not set", int32
// fields take numbers or numeric strings, and an unknown name or a value
// of the wrong type is refused before FCM sees the message.

type kind int

const (
	kString kind = iota
	kBool
	kInt
	kStringMap
	kStringList
	kObject
	kAny // any JSON value, kept as is (apns.payload, webpush.notification)
)

type field struct {
	kind kind
	obj  *schema
}

type schema struct {
	name   string // proto type, for error messages
	fields map[string]field
}

var (
	fString     = field{kind: kString}
	fBool       = field{kind: kBool}
	fInt        = field{kind: kInt}
	fStringMap  = field{kind: kStringMap}
	fStringList = field{kind: kStringList}
	fAny        = field{kind: kAny}
)

func fObject(s *schema) field { return field{kind: kObject, obj: s} }

const protoPrefix = "type.googleapis.com/google.firebase.fcm.v1."

var (
	fcmOptionsSchema          = &schema{"FcmOptions", map[string]field{"analytics_label": fString}}
	androidFcmOptionsSchema   = &schema{"AndroidFcmOptions", map[string]field{"analytics_label": fString}}
	notificationSchema        = &schema{"Notification", map[string]field{"title": fString, "body": fString, "image": fString}}
	androidNotificationSchema = &schema{"AndroidNotification", map[string]field{
		"title": fString, "body": fString, "icon": fString, "color": fString, "sound": fString, "tag": fString,
		"click_action": fString, "body_loc_key": fString, "body_loc_args": fStringList, "title_loc_key": fString,
		"title_loc_args": fStringList, "channel_id": fString, "ticker": fString, "sticky": fBool, "event_time": fString,
		"local_only": fBool, "notification_priority": fString, "default_sound": fBool, "default_vibrate_timings": fBool,
		"default_light_settings": fBool, "vibrate_timings": fStringList, "visibility": fString, "notification_count": fInt,
		"light_settings": fAny, "image": fString, "bypass_proxy_notification": fBool, "proxy": fString,
	}}
	androidSchema = &schema{"AndroidConfig", map[string]field{
		"collapse_key": fString, "priority": fString, "ttl": fString, "restricted_package_name": fString,
		"data": fStringMap, "notification": fObject(androidNotificationSchema), "fcm_options": fObject(androidFcmOptionsSchema),
		"direct_boot_ok": fBool, "restricted_satellite_ok": fBool, "bandwidth_constrained_ok": fBool,
	}}
	apnsSchema = &schema{"ApnsConfig", map[string]field{
		"headers": fStringMap, "payload": fAny, "live_activity_token": fString,
		"fcm_options": fObject(&schema{"ApnsFcmOptions", map[string]field{"analytics_label": fString, "image": fString}}),
	}}
	webpushSchema = &schema{"WebpushConfig", map[string]field{
		"headers": fStringMap, "data": fStringMap, "notification": fAny,
		"fcm_options": fObject(&schema{"WebpushFcmOptions", map[string]field{"link": fString, "analytics_label": fString}}),
	}}
	messageSchema = &schema{"Message", map[string]field{
		"name": fString, "token": fString, "topic": fString, "condition": fString, "data": fStringMap,
		"notification": fObject(notificationSchema), "android": fObject(androidSchema), "apns": fObject(apnsSchema),
		"webpush": fObject(webpushSchema), "fcm_options": fObject(fcmOptionsSchema),
	}}
	requestSchema = &schema{"SendMessageRequest", map[string]field{"validate_only": fBool, "message": fObject(messageSchema)}}
)

// ParseSendRequest decodes a messages:send body as the front end does. It
// checks names and types only; Validate checks the message itself. A
// body of the common shape is decoded once, by hand (readSendRequest);
// any other goes through parseSendRequestJSON.
func ParseSendRequest(body []byte) (*SendRequest, *APIError) {
	if req, ok := readSendRequest(body); ok {
		return req, nil
	}
	return parseSendRequestJSON(body)
}

// parseSendRequestJSON is ParseSendRequest through encoding/json: it
// decodes the body into any, checks and normalizes that against the
// schema, and decodes the normalized form into a SendRequest.
func parseSendRequestJSON(body []byte) (*SendRequest, *APIError) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, frontEndArg("", "Invalid JSON payload received. Unexpected token.")
	}
	if _, err := dec.Token(); err == nil {
		return nil, frontEndArg("", "Invalid JSON payload received. Unexpected token.")
	}
	if raw == nil {
		raw = map[string]any{}
	}
	if _, ok := raw.(map[string]any); !ok {
		return nil, frontEndArg("", "Invalid JSON payload received. Expected an object.")
	}
	norm, e := normalize(raw, fObject(requestSchema), make(fieldPath, 0, 8))
	if e != nil {
		return nil, e
	}
	b, err := json.Marshal(norm)
	if err != nil {
		return nil, frontEndArg("", "Invalid JSON payload received. Unexpected token.")
	}
	var req SendRequest
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, frontEndArg("", "Invalid JSON payload received. "+err.Error())
	}
	return &req, nil
}

// normalize checks v against f and returns it with snake_case names and
// nulls dropped.
func normalize(v any, f field, path fieldPath) (any, *APIError) {
	switch f.kind {
	case kString:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, badValue(path.String(), "TYPE_STRING", v)
	case kBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, badValue(path.String(), "TYPE_BOOL", v)
	case kInt:
		return normalizeInt(v, path)
	case kStringMap:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, badValue(path.String(), "TYPE_MESSAGE", v)
		}
		out := make(map[string]string, len(m))
		for i, k := range sortedKeys(m) {
			s, ok := m[k].(string)
			if !ok {
				return nil, badValue(fmt.Sprintf("%s[%d].value", path.String(), i), "TYPE_STRING", m[k])
			}
			out[k] = s
		}
		return out, nil
	case kStringList:
		l, ok := v.([]any)
		if !ok {
			return nil, badValue(path.String(), "TYPE_STRING", v)
		}
		out := make([]string, len(l))
		for i, item := range l {
			s, ok := item.(string)
			if !ok {
				return nil, badValue(fmt.Sprintf("%s[%d]", path.String(), i), "TYPE_STRING", item)
			}
			out[i] = s
		}
		return out, nil
	case kAny:
		return v, nil
	}
	return normalizeObject(v, f.obj, path)
}

func normalizeObject(v any, s *schema, path fieldPath) (any, *APIError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, badValue(path.String(), protoPrefix+s.name, v)
	}
	out := make(map[string]any, len(m))
	for _, k := range sortedKeys(m) {
		name := k
		if _, known := s.fields[name]; !known {
			name = snake(k)
		}
		f, known := s.fields[name]
		if !known {
			return nil, unknownName(path.String(), k)
		}
		if _, dup := out[name]; dup {
			return nil, frontEndArg(path.String(), fmt.Sprintf("Invalid JSON payload received. Duplicate value for field %q%s.", k, at(path.String())))
		}
		if m[k] == nil {
			continue
		}
		nv, e := normalize(m[k], f, append(path, name))
		if e != nil {
			return nil, e
		}
		out[name] = nv
	}
	return out, nil
}

func normalizeInt(v any, path fieldPath) (any, *APIError) {
	var text string
	switch x := v.(type) {
	case json.Number:
		text = x.String()
	case string:
		text = strings.TrimSpace(x)
	default:
		return nil, badValue(path.String(), "TYPE_INT32", v)
	}
	n, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return nil, badValue(path.String(), "TYPE_INT32", v)
	}
	return json.Number(strconv.FormatInt(n, 10)), nil
}

// snake turns a lowerCamelCase name into snake_case.
func snake(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fieldPath names a field by the names leading to it. normalize extends
// one array for every field it visits (siblings reuse the same slot) and
// writes it out only for an error.
type fieldPath []string

// String is the path as errors give it: "message.android.ttl".
func (p fieldPath) String() string { return strings.Join(p, ".") }

func at(path string) string {
	if path == "" {
		return ""
	}
	return fmt.Sprintf(" at '%s'", path)
}

func unknownName(path, name string) *APIError {
	return frontEndArg(path, fmt.Sprintf("Invalid JSON payload received. Unknown name %q%s: Cannot find field.", name, at(path)))
}

func badValue(path, typ string, v any) *APIError {
	text, _ := json.Marshal(v)
	if len(text) > 100 {
		text = append(text[:100], "..."...)
	}
	return frontEndArg(path, fmt.Sprintf("Invalid value at '%s' (%s), %s", path, typ, text))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
