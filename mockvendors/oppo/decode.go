package oppo

import (
	"encoding/json"

	"github.com/pushsim/pushsim/mockvendors"
)

// Members that readMessage decodes by hand: the snake_case names of each
// object, in its struct's order. Any other name (camelCase ones, which
// unmarshalLenient renames) leaves the message to encoding/json.
var (
	messageNames      = []string{"target_type", "target_value", "registration_id", "notification", "verify_registration_id"}
	notificationNames = []string{"app_message_id", "style", "title", "sub_title", "content", "click_action_type",
		"click_action_activity", "click_action_url", "action_parameters", "show_time_type", "show_start_time",
		"show_end_time", "off_line", "off_line_ttl", "push_time_type", "push_start_time", "time_zone", "fix_speed",
		"fix_speed_rate", "network_type", "call_back_url", "call_back_parameter", "channel_id", "category",
		"notify_level", "private_msg_template_id", "show_ttl", "notify_id", "big_picture_id", "small_picture_id"}
)

// decodeMessage decodes a message's JSON text as json.Unmarshal does: by
// hand when it has the common shape (readMessage), else through
// decodeMessageJSON.
func decodeMessage(s string) (Message, error) {
	if m, ok := readMessage(s); ok {
		return m, nil
	}
	return decodeMessageJSON(s)
}

// decodeMessageJSON is decodeMessage through encoding/json.
func decodeMessageJSON(s string) (Message, error) {
	var m Message
	err := json.Unmarshal([]byte(s), &m)
	return m, err
}

// readMessage decodes s as json.Unmarshal does when it is one object
// (and nothing after it) whose members, and its notification's, are
// among the names above, each once, with plain keys, no null, strings
// for string fields, and values the other fields' UnmarshalJSON takes
// without error; ok is false for any other s.
func readMessage(s string) (m Message, ok bool) {
	d := messageReader{mockvendors.NewJSONFields([]byte(s))}
	ok = d.Object(messageNames, func(i int) bool {
		switch i {
		case 0:
			return d.Unmarshal(&m.TargetType)
		case 1:
			return d.String(&m.TargetValue)
		case 2:
			return d.String(&m.RegistrationID)
		case 3:
			m.Notification = new(Notification)
			return d.notification(m.Notification)
		}
		m.VerifyRegistrationID = new(FlexBool)
		return d.Unmarshal(m.VerifyRegistrationID)
	})
	return m, ok && d.End()
}

// messageReader reads the parts of a message for readMessage.
type messageReader struct{ mockvendors.JSONFields }

func (d *messageReader) notification(n *Notification) bool {
	fields := [...]any{&n.AppMessageID, &n.Style, &n.Title, &n.SubTitle, &n.Content, &n.ClickActionType,
		&n.ClickActionActivity, &n.ClickActionURL, &n.ActionParameters, &n.ShowTimeType, &n.ShowStartTime,
		&n.ShowEndTime, &n.OffLine, &n.OffLineTTL, &n.PushTimeType, &n.PushStartTime, &n.TimeZone, &n.FixSpeed,
		&n.FixSpeedRate, &n.NetworkType, &n.CallBackURL, &n.CallBackParameter, &n.ChannelID, &n.Category,
		&n.NotifyLevel, &n.PrivateMsgTemplateID, &n.ShowTTL, &n.NotifyID, &n.BigPictureID, &n.SmallPictureID}
	return d.Object(notificationNames, func(i int) bool {
		switch p := fields[i].(type) {
		case **FlexInt:
			*p = new(FlexInt)
			return d.Unmarshal(*p)
		case **FlexBool:
			*p = new(FlexBool)
			return d.Unmarshal(*p)
		}
		return d.Field(fields[i])
	})
}
