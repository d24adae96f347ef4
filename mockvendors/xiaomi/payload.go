package xiaomi

import (
	"encoding/json"
	"sort"
	"strconv"

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
	return d.appendJSON(make([]byte, 0, 256+len(d.Content)+len(d.Title)+len(d.Description)))
}

// appendJSON appends d as json.Marshal encodes it (which never fails
// for a DeviceMessage).
func (d DeviceMessage) appendJSON(b []byte) []byte {
	b = protocol.AppendJSONString(append(b, `{"messageId":`...), d.MessageID)
	b = strconv.AppendInt(append(b, `,"messageType":`...), int64(d.MessageType), 10)
	b = protocol.AppendJSONString(append(b, `,"content":`...), d.Content)
	b = appendOptString(b, "alias", d.Alias)
	b = appendOptString(b, "topic", d.Topic)
	b = appendOptString(b, "userAccount", d.UserAccount)
	b = strconv.AppendInt(append(b, `,"passThrough":`...), int64(d.PassThrough), 10)
	b = strconv.AppendInt(append(b, `,"notifyType":`...), int64(d.NotifyType), 10)
	b = strconv.AppendInt(append(b, `,"notifyId":`...), int64(d.NotifyID), 10)
	b = protocol.AppendJSONString(append(b, `,"title":`...), d.Title)
	b = protocol.AppendJSONString(append(b, `,"description":`...), d.Description)
	if len(d.Extra) > 0 {
		b = append(b, `,"extra":{`...)
		keys := make([]string, 0, len(d.Extra))
		for k := range d.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(protocol.AppendJSONString(b, k), ':')
			b = protocol.AppendJSONString(b, d.Extra[k])
		}
		b = append(b, '}')
	}
	return append(b, '}')
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
