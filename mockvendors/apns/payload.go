package apns

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Payload limits in bytes: 4 KB, 5 KB for VoIP.
const (
	MaxPayload     = 4096
	MaxVoIPPayload = 5120
)

// Alert is aps.alert in its dictionary form.
type Alert struct {
	Title        string   `json:"title,omitempty"`
	Subtitle     string   `json:"subtitle,omitempty"`
	Body         string   `json:"body,omitempty"`
	TitleLocKey  string   `json:"title-loc-key,omitempty"`
	TitleLocArgs []string `json:"title-loc-args,omitempty"`
	LocKey       string   `json:"loc-key,omitempty"`
	LocArgs      []string `json:"loc-args,omitempty"`
	LaunchImage  string   `json:"launch-image,omitempty"`
}

// APS is the payload's "aps" dictionary. Alert is a string or an Alert;
// Sound a name or a critical-sound dictionary.
type APS struct {
	Alert             any    `json:"alert,omitempty"`
	Badge             *int   `json:"badge,omitempty"`
	Sound             any    `json:"sound,omitempty"`
	ContentAvailable  int    `json:"content-available,omitempty"`
	MutableContent    int    `json:"mutable-content,omitempty"`
	Category          string `json:"category,omitempty"`
	ThreadID          string `json:"thread-id,omitempty"`
	InterruptionLevel string `json:"interruption-level,omitempty"`
	TargetContentID   string `json:"target-content-id,omitempty"`
}

// Payload is a notification's JSON: aps plus custom top-level keys, which
// is how a provider passes data to the app.
type Payload struct {
	APS    APS
	Custom map[string]any
}

// MarshalJSON writes aps and the custom keys at the top level.
func (p Payload) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Custom)+1)
	for k, v := range p.Custom {
		m[k] = v
	}
	m["aps"] = p.APS
	return json.Marshal(m)
}

// Notice is what the mock reads of a received payload: the text shown
// and the custom keys. It never fails on unexpected types: APNs passes
// the payload to the device as it is.
type Notice struct {
	Title, Subtitle, Body string
	ContentAvailable      bool
	Custom                map[string]json.RawMessage
}

var errNotObject = errors.New("payload is not a JSON object")

// ReadPayload reads a payload as APNs does: it must be one JSON object.
func ReadPayload(b []byte) (Notice, error) {
	if n, ok := readPayload(b); ok {
		return n, nil
	}
	return readPayloadJSON(b)
}

// readPayloadJSON is ReadPayload through encoding/json.
func readPayloadJSON(b []byte) (Notice, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&top); err != nil || top == nil || dec.More() {
		return Notice{}, errNotObject
	}
	var n Notice
	var aps struct {
		Alert            json.RawMessage `json:"alert"`
		ContentAvailable json.RawMessage `json:"content-available"`
	}
	if raw, ok := top["aps"]; ok {
		_ = json.Unmarshal(raw, &aps)
	}
	var s string
	var a Alert
	switch {
	case json.Unmarshal(aps.Alert, &s) == nil:
		n.Body = s
	case json.Unmarshal(aps.Alert, &a) == nil:
		n.Title, n.Subtitle, n.Body = a.Title, a.Subtitle, a.Body
	}
	n.ContentAvailable = string(aps.ContentAvailable) == "1"
	delete(top, "aps")
	if len(top) > 0 {
		n.Custom = top
	}
	return n, nil
}

// CustomStrings renders custom keys as strings: strings as they are,
// anything else as its JSON text.
func CustomStrings(custom map[string]json.RawMessage) map[string]string {
	if len(custom) == 0 {
		return nil
	}
	out := make(map[string]string, len(custom))
	for k, v := range custom {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	return out
}
