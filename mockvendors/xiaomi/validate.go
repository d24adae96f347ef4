package xiaomi

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Field limits from the API document and its clients.
const (
	// TitleLimit and DescriptionLimit: title and description must be
	// shorter than this many characters (and not all blank).
	TitleLimit       = 50
	DescriptionLimit = 128
	// MaxPayload bounds payload, in bytes [unverified: 4 KB].
	MaxPayload = 4096
	// MaxCustomExtras custom extra pairs, each key and value at most
	// MaxExtraLength characters.
	MaxCustomExtras = 10
	MaxExtraLength  = 1024
	// MaxJobKey bounds extra.jobkey, in characters.
	MaxJobKey = 12
	// MaxTimeToLive is the default and longest time_to_live: two weeks.
	MaxTimeToLive = 14 * 24 * time.Hour
	// MaxScheduleAhead is how far ahead time_to_send may be.
	MaxScheduleAhead = 7 * 24 * time.Hour
)

// ParseMessage reads and checks the message fields of a push form. A
// missing required field is a *APIError with code 10016, a bad value one
// with 10017, naming the field. time_to_send is only checked to be a
// timestamp here; how far ahead it may be depends on the moment of the
// call.
func ParseMessage(form url.Values) (Message, error) {
	var m Message
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	m.RestrictedPackageNames = splitList(form.Get("restricted_package_name"), ",")
	m.Payload = form.Get("payload")
	m.Title = form.Get("title")
	m.Description = form.Get("description")

	pt, err := flag01(get("pass_through"), "pass_through")
	if err != nil {
		return Message{}, err
	}
	m.PassThrough = pt
	if m.NotifyType, err = optInt(get("notify_type"), "notify_type", -1, 7); err != nil {
		return Message{}, err
	}
	if m.NotifyID, err = optInt(get("notify_id"), "notify_id", 0, math.MaxInt32); err != nil {
		return Message{}, err
	}
	if m.TimeToLive, err = ms(get("time_to_live"), "time_to_live", MaxTimeToLive.Milliseconds()); err != nil {
		return Message{}, err
	}
	if m.TimeToSend, err = ms(get("time_to_send"), "time_to_send", math.MaxInt64); err != nil {
		return Message{}, err
	}
	for k, vs := range form {
		if key, ok := strings.CutPrefix(k, "extra."); ok && key != "" {
			if m.Extra == nil {
				m.Extra = map[string]string{}
			}
			m.Extra[key] = vs[0]
		}
	}
	if e, ok := m.Extra[ExtraNotifyEffect]; ok {
		m.Extra[ExtraNotifyEffect] = strings.TrimSpace(e)
	}
	if err := m.check(); err != nil {
		return Message{}, err
	}
	return m, nil
}

func (m Message) check() error {
	if m.PassThrough == 0 {
		if err := text("title", m.Title, TitleLimit); err != nil {
			return err
		}
		if err := text("description", m.Description, DescriptionLimit); err != nil {
			return err
		}
	} else if m.Payload == "" {
		return apiErr(CodeParamMissing, "payload is required for a pass-through message")
	}
	if len(m.Payload) > MaxPayload {
		return apiErr(CodeParamInvalid, "payload is %d bytes, at most %d", len(m.Payload), MaxPayload)
	}
	if !utf8.ValidString(m.Payload) {
		return apiErr(CodeParamInvalid, "payload is not valid UTF-8")
	}
	return m.checkExtra()
}

func (m Message) checkExtra() error {
	custom := 0
	for _, k := range m.extraKeys() {
		v := m.Extra[k]
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return apiErr(CodeParamInvalid, "extra.%q is not valid UTF-8", k)
		}
		if knownExtras[k] {
			continue
		}
		custom++
		if utf8.RuneCountInString(k) > MaxExtraLength || utf8.RuneCountInString(v) > MaxExtraLength {
			return apiErr(CodeParamInvalid, "extra.%s: keys and values are at most %d characters", k, MaxExtraLength)
		}
	}
	if custom > MaxCustomExtras {
		return apiErr(CodeParamInvalid, "%d custom extra pairs, at most %d", custom, MaxCustomExtras)
	}
	if err := m.checkEffect(); err != nil {
		return err
	}
	if k := m.Extra[ExtraJobKey]; utf8.RuneCountInString(k) > MaxJobKey {
		return apiErr(CodeParamInvalid, "extra.jobkey is at most %d characters", MaxJobKey)
	}
	return m.checkCallback()
}

func (m Message) checkEffect() error {
	e, set := m.Extra[ExtraNotifyEffect]
	if !set {
		return nil
	}
	switch e {
	case EffectLauncher:
	case EffectIntent:
		u := m.Extra[ExtraIntentURI]
		if u == "" {
			return apiErr(CodeParamMissing, "extra.intent_uri is required for notify_effect 2")
		}
		if _, err := ParseIntentURI(u); err != nil {
			return apiErr(CodeParamInvalid, "extra.intent_uri: %v", err)
		}
	case EffectWeb:
		u := m.Extra[ExtraWebURI]
		if u == "" {
			return apiErr(CodeParamMissing, "extra.web_uri is required for notify_effect 3")
		}
		if !httpURL(u) {
			return apiErr(CodeParamInvalid, "extra.web_uri must be an http(s) URL, got %q", u)
		}
	default:
		return apiErr(CodeParamInvalid, "extra.notify_effect must be 1, 2 or 3, got %q", e)
	}
	return nil
}

func (m Message) checkCallback() error {
	cb, set := m.Extra[ExtraCallback]
	if !set {
		if _, p := m.Extra[ExtraCallbackParam]; p {
			return apiErr(CodeParamMissing, "extra.callback is required with extra.callback.param")
		}
		if _, t := m.Extra[ExtraCallbackType]; t {
			return apiErr(CodeParamMissing, "extra.callback is required with extra.callback.type")
		}
		return nil
	}
	if !httpURL(cb) {
		return apiErr(CodeParamInvalid, "extra.callback must be an http(s) URL, got %q", cb)
	}
	if p := m.Extra[ExtraCallbackParam]; utf8.RuneCountInString(p) > MaxExtraLength {
		return apiErr(CodeParamInvalid, "extra.callback.param is at most %d characters", MaxExtraLength)
	}
	if t, set := m.Extra[ExtraCallbackType]; set {
		n, err := strconv.Atoi(strings.TrimSpace(t))
		if err != nil || n < 1 || n > 255 {
			return apiErr(CodeParamInvalid, "extra.callback.type must be a receipt type bit mask (1-255), got %q", t)
		}
	}
	return nil
}

// callbackType is the receipt types asked for (default 3: delivered and
// clicked).
func (m Message) callbackType() int {
	if n, err := strconv.Atoi(strings.TrimSpace(m.Extra[ExtraCallbackType])); err == nil {
		return n
	}
	return ReceiptDelivered | ReceiptClicked
}

// ttl is how long the message is kept for an absent device.
func (m Message) ttl() time.Duration {
	if m.TimeToLive > 0 {
		return time.Duration(m.TimeToLive) * time.Millisecond
	}
	return MaxTimeToLive
}

// text checks a required notification text: present, not all blank,
// valid UTF-8 and shorter than limit characters.
func text(name, s string, limit int) error {
	if s == "" {
		return apiErr(CodeParamMissing, "%s is required for a notification message", name)
	}
	if !utf8.ValidString(s) {
		return apiErr(CodeParamInvalid, "%s is not valid UTF-8", name)
	}
	if strings.TrimFunc(s, unicode.IsSpace) == "" {
		return apiErr(CodeParamInvalid, "%s is blank", name)
	}
	if n := utf8.RuneCountInString(s); n >= limit {
		return apiErr(CodeParamInvalid, "%s is %d characters, it must be shorter than %d", name, n, limit)
	}
	return nil
}

// flag01 reads 0 or 1 (also "false" or "true"); empty is 0.
func flag01(s, name string) (int, error) {
	switch s {
	case "", "0", "false":
		return 0, nil
	case "1", "true":
		return 1, nil
	}
	return 0, apiErr(CodeParamInvalid, "%s must be 0 or 1, got %q", name, s)
}

// optInt reads an optional integer within [lo, hi].
func optInt(s, name string, lo, hi int) (*int, error) {
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return nil, apiErr(CodeParamInvalid, "%s must be an integer from %d to %d, got %q", name, lo, hi, s)
	}
	return &n, nil
}

// ms reads an optional non-negative millisecond count up to hi; empty is 0.
func ms(s, name string, hi int64) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > hi {
		return 0, apiErr(CodeParamInvalid, "%s must be milliseconds from 0 to %d, got %q", name, hi, s)
	}
	return n, nil
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// splitList splits a list on sep, trimming blanks and dropping empty
// items and repeats.
func splitList(s, sep string) []string {
	if !strings.Contains(s, sep) { // one item: no split, nothing to repeat
		if item := strings.TrimSpace(s); item != "" {
			return []string{item}
		}
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, item := range strings.Split(s, sep) {
		item = strings.TrimSpace(item)
		if item != "" && !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}
