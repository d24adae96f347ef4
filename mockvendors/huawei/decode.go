package huawei

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/pushsim/pushsim/mockvendors"
)

// Members that readSendRequest decodes by hand: the names of each
// object, in its struct's order. Any other name (apns, webpush,
// multi_lang_key, light_settings, loc args, vibrate_config, or one that
// encoding/json would match ignoring case) leaves the body to
// decodeSendRequestJSON.
var (
	requestNames      = []string{"validate_only", "message"}
	messageNames      = []string{"data", "notification", "android", "token", "topic", "condition"}
	notificationNames = []string{"title", "body", "image"}
	androidNames      = []string{"collapse_key", "urgency", "category", "ttl", "bi_tag", "receipt_id", "fast_app_target",
		"target_user_type", "data", "notification"}
	androidNotificationNames = []string{"title", "body", "icon", "color", "sound", "default_sound", "tag", "click_action",
		"body_loc_key", "title_loc_key", "channel_id", "notify_summary", "image", "style", "big_title", "big_body",
		"auto_clear", "notify_id", "group", "badge", "ticker", "auto_cancel", "when", "importance", "use_default_vibrate",
		"use_default_light", "visibility", "foreground_show"}
	clickActionNames = []string{"type", "intent", "action", "url", "rich_resource"}
	badgeNames       = []string{"add_num", "set_num", "class"}
)

// decodeSendRequest decodes a push body, which must be one JSON value, as
// a Decoder does: by hand when it has the common shape
// (readSendRequest), else through decodeSendRequestJSON.
func decodeSendRequest(body []byte) (SendRequest, error) {
	if req, ok := readSendRequest(body); ok {
		return req, nil
	}
	return decodeSendRequestJSON(body)
}

// errTrailingData is decodeSendRequestJSON's error for a body with more
// after its first value.
var errTrailingData = errors.New("trailing data after the request")

// decodeSendRequestJSON decodes the first value of body with a Decoder
// and refuses anything after it (errTrailingData).
func decodeSendRequestJSON(body []byte) (SendRequest, error) {
	var req SendRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil {
		return SendRequest{}, err
	}
	if dec.More() {
		return SendRequest{}, errTrailingData
	}
	return req, nil
}

// readSendRequest decodes body as decodeSendRequestJSON does when it is
// one object (and nothing after it) whose members are among the names
// above, each once, with plain keys, no null, strings, booleans and
// lists of strings where the fields want them, and values the other
// fields' UnmarshalJSON takes without error; ok is false for any other
// body.
func readSendRequest(body []byte) (req SendRequest, ok bool) {
	d := requestReader{mockvendors.NewJSONFields(body)}
	ok = d.Object(requestNames, func(i int) bool {
		if i == 0 {
			return d.Bool(&req.ValidateOnly)
		}
		req.Message = new(Message)
		return d.message(req.Message)
	})
	return req, ok && d.End()
}

// requestReader reads the parts of a push body for readSendRequest.
type requestReader struct{ mockvendors.JSONFields }

func (d *requestReader) message(m *Message) bool {
	return d.Object(messageNames, func(i int) bool {
		switch i {
		case 0:
			return d.Unmarshal(&m.Data)
		case 1:
			m.Notification = new(Notification)
			return d.Object(notificationNames, func(i int) bool {
				return d.String([]*string{&m.Notification.Title, &m.Notification.Body, &m.Notification.Image}[i])
			})
		case 2:
			m.Android = new(AndroidConfig)
			return d.android(m.Android)
		case 3:
			return d.StringList(&m.Token)
		case 4:
			return d.String(&m.Topic)
		}
		return d.String(&m.Condition)
	})
}

func (d *requestReader) android(a *AndroidConfig) bool {
	fields := [...]any{&a.CollapseKey, &a.Urgency, &a.Category, &a.TTL, &a.BiTag, &a.ReceiptID, &a.FastAppTarget,
		&a.TargetUserType, &a.Data}
	return d.Object(androidNames, func(i int) bool {
		if i == len(fields) {
			a.Notification = new(AndroidNotification)
			return d.androidNotification(a.Notification)
		}
		return d.field(fields[i])
	})
}

func (d *requestReader) androidNotification(n *AndroidNotification) bool {
	fields := [...]any{&n.Title, &n.Body, &n.Icon, &n.Color, &n.Sound, &n.DefaultSound, &n.Tag, &n.ClickAction,
		&n.BodyLocKey, &n.TitleLocKey, &n.ChannelID, &n.NotifySummary, &n.Image, &n.Style, &n.BigTitle, &n.BigBody,
		&n.AutoClear, &n.NotifyID, &n.Group, &n.Badge, &n.Ticker, &n.AutoCancel, &n.When, &n.Importance,
		&n.UseDefaultVibrate, &n.UseDefaultLight, &n.Visibility, &n.ForegroundShow}
	return d.Object(androidNotificationNames, func(i int) bool {
		switch p := fields[i].(type) {
		case **ClickAction:
			c := new(ClickAction)
			*p = c
			return d.Object(clickActionNames, func(i int) bool {
				if i == 0 {
					return d.Unmarshal(&c.Type)
				}
				return d.String([]*string{nil, &c.Intent, &c.Action, &c.URL, &c.RichResource}[i])
			})
		case **Badge:
			b := new(Badge)
			*p = b
			return d.Object(badgeNames, func(i int) bool {
				return d.field([]any{&b.AddNum, &b.SetNum, &b.Class}[i])
			})
		}
		return d.field(fields[i])
	})
}

// field reads the value of a field of the type dst points to: those
// JSONFields.Field reads, or *FlexInt.
func (d *requestReader) field(dst any) bool {
	if p, ok := dst.(**FlexInt); ok {
		*p = new(FlexInt)
		return d.Unmarshal(*p)
	}
	return d.Field(dst)
}
