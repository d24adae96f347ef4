package xiaomi

import (
	"encoding/json"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// DeviceMessage is what the MiPush service hands the device: the
// MiPushMessage the SDK gives the app's PushMessageReceiver, with the
// getters' names. Extra holds the extra.* fields without their prefix
// (notify_effect, intent_uri, web_uri, channel_id, ... and the custom
// pairs); receipt settings and targeting filters stay on the server.
type DeviceMessage struct {
	MessageID   string            `json:"messageId"`
	MessageType int               `json:"messageType"`
	Content     string            `json:"content"`
	Alias       string            `json:"alias,omitempty"`
	Topic       string            `json:"topic,omitempty"`
	UserAccount string            `json:"userAccount,omitempty"`
	PassThrough int               `json:"passThrough"`
	NotifyType  int               `json:"notifyType"`
	NotifyID    int               `json:"notifyId"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Extra       map[string]string `json:"extra,omitempty"`
}

// deviceMessage builds the MiPushMessage for one target.
func deviceMessage(msgID string, k targetKind, t target, m Message) DeviceMessage {
	d := DeviceMessage{
		MessageID: msgID, MessageType: k.messageType(), Content: m.Payload, PassThrough: m.PassThrough,
		NotifyType: -1, Title: m.Title, Description: m.Description,
	}
	if m.NotifyType != nil {
		d.NotifyType = *m.NotifyType
	}
	if m.NotifyID != nil {
		d.NotifyID = *m.NotifyID
	}
	switch k {
	case targetAlias:
		d.Alias = t.addressed
	case targetAccount:
		d.UserAccount = t.addressed
	case targetTopic, targetMultiTopic:
		d.Topic = t.addressed
	}
	for key, v := range m.Extra {
		if serverOnlyExtras[key] {
			continue
		}
		if d.Extra == nil {
			d.Extra = map[string]string{}
		}
		d.Extra[key] = v
	}
	return d
}

// payload encodes d for the device channel.
func (d DeviceMessage) payload() json.RawMessage {
	b, err := json.Marshal(d)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}

// clickOf describes a message's tap in vendor-neutral terms.
func clickOf(m Message) mockvendors.Click {
	c := mockvendors.Click{Extras: m.Custom()}
	switch m.Effect() {
	case EffectIntent:
		i, err := ParseIntentURI(m.Extra[ExtraIntentURI])
		if err != nil || i.Component == "" {
			c.Action, c.Custom = "custom", m.Extra[ExtraIntentURI]
			return c
		}
		c.Action, c.Activity = protocol.ClickOpenActivity, i.Component
		for k, v := range i.Extras {
			if c.Extras == nil {
				c.Extras = map[string]string{}
			}
			c.Extras[k] = v
		}
	case EffectWeb:
		c.Action, c.URL = protocol.ClickOpenURL, m.Extra[ExtraWebURI]
	default:
		c.Action = protocol.ClickOpenApp
	}
	return c
}
