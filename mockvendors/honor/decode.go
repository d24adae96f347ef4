package honor

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/pushsim/pushsim/mockvendors"
	hms "github.com/pushsim/pushsim/mockvendors/huawei"
)

// Members that readSendMessage decodes by hand: the names of each
// object, in its struct's order. Any other name (buttons, or one that
// encoding/json would match ignoring case) leaves the body to
// decodeSendMessageJSON.
var (
	requestNames             = []string{"data", "notification", "android", "token"}
	notificationNames        = []string{"title", "body", "image"}
	androidNames             = []string{"ttl", "biTag", "data", "notification", "targetUserType"}
	androidNotificationNames = []string{"title", "body", "clickAction", "image", "style", "bigTitle", "bigBody",
		"importance", "when", "badge", "notifyId", "tag", "group"}
	clickActionNames = []string{"type", "intent", "url", "action"}
	badgeNames       = []string{"addNum", "setNum", "badgeClass"}
)

// decodeSendMessage decodes a sendMessage body, which must be one JSON
// value, as a Decoder does: by hand when it has the common shape
// (readSendMessage), else through decodeSendMessageJSON.
func decodeSendMessage(body []byte) (SendMessageRequest, error) {
	if m, ok := readSendMessage(body); ok {
		return m, nil
	}
	return decodeSendMessageJSON(body)
}

// errTrailingData is decodeSendMessageJSON's error for a body with more
// after its first value.
var errTrailingData = errors.New("trailing data after the message")

// decodeSendMessageJSON decodes the first value of body with a Decoder
// and refuses anything after it (errTrailingData).
func decodeSendMessageJSON(body []byte) (SendMessageRequest, error) {
	var m SendMessageRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&m); err != nil {
		return SendMessageRequest{}, err
	}
	if dec.More() {
		return SendMessageRequest{}, errTrailingData
	}
	return m, nil
}

// readSendMessage decodes body as decodeSendMessageJSON does when it is
// one object (and nothing after it) whose members are among the names
// above, each once, with plain keys, no null, strings and lists of
// strings where the fields want them, and values the other fields'
// UnmarshalJSON takes without error; ok is false for any other body.
func readSendMessage(body []byte) (m SendMessageRequest, ok bool) {
	d := messageReader{mockvendors.NewJSONFields(body)}
	ok = d.Object(requestNames, func(i int) bool {
		switch i {
		case 1:
			n := new(Notification)
			m.Notification = n
			return d.Object(notificationNames, func(i int) bool {
				return d.String([]*string{&n.Title, &n.Body, &n.Image}[i])
			})
		case 2:
			m.Android = new(AndroidConfig)
			return d.android(m.Android)
		}
		return d.Field([]any{&m.Data, nil, nil, &m.Token}[i])
	})
	return m, ok && d.End()
}

// messageReader reads the parts of a sendMessage body for
// readSendMessage.
type messageReader struct{ mockvendors.JSONFields }

func (d *messageReader) android(a *AndroidConfig) bool {
	return d.Object(androidNames, func(i int) bool {
		if i == 3 {
			a.Notification = new(AndroidNotification)
			return d.androidNotification(a.Notification)
		}
		return d.Field([]any{&a.TTL, &a.BiTag, &a.Data, nil, &a.TargetUserType}[i])
	})
}

func (d *messageReader) androidNotification(n *AndroidNotification) bool {
	fields := [...]any{&n.Title, &n.Body, &n.ClickAction, &n.Image, &n.Style, &n.BigTitle, &n.BigBody,
		&n.Importance, &n.When, &n.Badge, &n.NotifyID, &n.Tag, &n.Group}
	return d.Object(androidNotificationNames, func(i int) bool {
		switch p := fields[i].(type) {
		case **ClickAction:
			c := new(ClickAction)
			*p = c
			return d.Object(clickActionNames, func(i int) bool {
				return d.Field([]any{&c.Type, &c.Intent, &c.URL, &c.Action}[i])
			})
		case **Badge:
			b := new(Badge)
			*p = b
			return d.Object(badgeNames, func(i int) bool {
				if i == 1 {
					b.SetNum = new(hms.FlexInt)
					return d.Unmarshal(b.SetNum)
				}
				return d.Field([]any{&b.AddNum, nil, &b.BadgeClass}[i])
			})
		}
		return d.Field(fields[i])
	})
}
