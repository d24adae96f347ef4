package vivo

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/pushsim/pushsim/mockvendors"
)

// Members that readSendMessage decodes by hand: the names of each
// object, in its struct's order. Any other name (one that encoding/json
// would match ignoring case) leaves the body to decodeSendMessageJSON.
var (
	sendMessageNames = []string{"appId", "regId", "alias", "notifyType", "title", "content", "timeToLive", "skipType",
		"skipContent", "networkType", "classification", "category", "pushMode", "clientCustomMap", "extra", "requestId"}
	extraNames = []string{"callback", "callback.param"}
)

// decodeSendMessage decodes a /message/send body, which must be one JSON
// value, as a Decoder does: by hand when it has the common shape
// (readSendMessage), else through decodeSendMessageJSON.
func decodeSendMessage(body []byte) (SendMessage, error) {
	if m, ok := readSendMessage(body); ok {
		return m, nil
	}
	return decodeSendMessageJSON(body)
}

// errTrailingData is decodeSendMessageJSON's error for a body with more
// after its first value.
var errTrailingData = errors.New("trailing data")

// decodeSendMessageJSON decodes the first value of body with a Decoder
// and refuses anything after it (errTrailingData).
func decodeSendMessageJSON(body []byte) (SendMessage, error) {
	var m SendMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&m); err != nil {
		return SendMessage{}, err
	}
	if dec.More() {
		return SendMessage{}, errTrailingData
	}
	return m, nil
}

// readSendMessage decodes body as decodeSendMessageJSON does when it is
// one object (and nothing after it) whose members are among the names
// above, each once, with plain keys, no null, strings for string fields,
// and values the other fields' UnmarshalJSON takes without error; ok is
// false for any other body.
func readSendMessage(body []byte) (m SendMessage, ok bool) {
	d := mockvendors.NewJSONFields(body)
	fields := [...]any{&m.AppID, &m.RegID, &m.Alias, &m.NotifyType, &m.Title, &m.Content, &m.TimeToLive, &m.SkipType,
		&m.SkipContent, &m.NetworkType, &m.Classification, &m.Category, &m.PushMode, &m.ClientCustomMap, &m.Extra,
		&m.RequestID}
	ok = d.Object(sendMessageNames, func(i int) bool {
		switch p := fields[i].(type) {
		case **FlexInt:
			*p = new(FlexInt)
			return d.Unmarshal(*p)
		case **Extra:
			x := new(Extra)
			*p = x
			return d.Object(extraNames, func(i int) bool {
				return d.String([]*string{&x.Callback, &x.CallbackParam}[i])
			})
		}
		return d.Field(fields[i])
	})
	return m, ok && d.End()
}
