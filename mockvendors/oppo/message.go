package oppo

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Target types (target_type).
const (
	TargetAll      = 1 // broadcast: every device of the app
	TargetRegID    = 2 // registration_id
	TargetAliasOld = 3 // alias, as some clients' comments say
	TargetAlias    = 5 // alias
)

// Message is one unicast message: the "message" form field of unicast,
// or one element of unicast_batch's "messages".
type Message struct {
	TargetType  FlexInt `json:"target_type"`
	TargetValue string  `json:"target_value"`
	// RegistrationID is where some clients put the regId for target_type 2.
	RegistrationID       string        `json:"registration_id,omitempty"`
	Notification         *Notification `json:"notification"`
	VerifyRegistrationID *FlexBool     `json:"verify_registration_id,omitempty"`
}

// UnmarshalJSON decodes the object (or a string holding it) with
// camelCase keys renamed to snake_case.
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	var p plain
	if err := unmarshalLenient(b, &p, "message"); err != nil {
		return err
	}
	*m = Message(p)
	return nil
}

// Target is the message's target: target_value, or registration_id for
// a regId message that names none.
func (m *Message) Target() string {
	if v := strings.TrimSpace(m.TargetValue); v != "" {
		return v
	}
	return strings.TrimSpace(m.RegistrationID)
}

// byAlias reports whether the message targets an alias.
func (m *Message) byAlias() bool {
	return m.TargetType == TargetAlias || m.TargetType == TargetAliasOld
}

// check validates the message: target_type 2 or 5 (3 is taken as 5), a
// target, and a valid notification.
func (m *Message) check() *APIError {
	switch m.TargetType {
	case TargetRegID, TargetAlias, TargetAliasOld:
	default:
		return apiErr(CodeInvalidArgument, "target_type must be 2 (registration_id) or 5 (alias), got %d", m.TargetType)
	}
	if m.Target() == "" {
		return apiErr(CodeMissingArgument, "target_value")
	}
	if m.Notification == nil {
		return apiErr(CodeMissingArgument, "notification")
	}
	return m.Notification.check()
}

// ParseMessage decodes and checks a unicast message. A malformed one is a
// *APIError with code 40, 41 or 67.
func ParseMessage(s string) (Message, error) {
	m, err := decodeMessage(s)
	if err != nil {
		return Message{}, apiErr(CodeInvalidArgument, "%v", err)
	}
	if e := m.check(); e != nil {
		return Message{}, e
	}
	return m, nil
}

// splitMessages decodes unicast_batch's JSON array into its elements,
// each kept raw so that one bad element fails alone.
func splitMessages(s string) ([]json.RawMessage, *APIError) {
	b := bytes.TrimSpace([]byte(s))
	if len(b) > 0 && b[0] == '"' {
		var inner string
		if json.Unmarshal(b, &inner) == nil {
			b = bytes.TrimSpace([]byte(inner))
		}
	}
	var raw []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, apiErr(CodeInvalidArgument, "messages must be a JSON array of messages")
	}
	return raw, nil
}
