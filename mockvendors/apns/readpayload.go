package apns

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// alertNames are the members of an alert dictionary that readPayload
// decodes by hand; any other leaves the payload to readPayloadJSON.
var alertNames = []string{"title", "subtitle", "body"}

// readPayload reads b as readPayloadJSON does when it is one object (and
// nothing after it) with plain keys, each once, and no null at the top,
// whose aps, if any, is an object with plain ASCII keys, alert and
// content-available once each and spelt so, an alert that is a string or
// a dictionary of title, subtitle and body strings; ok is false for any
// other b.
func readPayload(b []byte) (n Notice, ok bool) {
	r := protocol.NewJSONReader(b)
	if !r.Open() {
		return Notice{}, false
	}
	var custom map[string]json.RawMessage
	seenAPS := false
	for first := true; ; first = false {
		key, done, ok := r.Member(first)
		if !ok {
			return Notice{}, false
		}
		if done {
			break
		}
		v, ok := r.Value()
		if !ok || string(v) == "null" {
			return Notice{}, false
		}
		if string(key) == "aps" {
			if seenAPS || !readAPS(v, &n) {
				return Notice{}, false
			}
			seenAPS = true
			continue
		}
		if custom == nil {
			custom = make(map[string]json.RawMessage, 4)
		}
		if _, dup := custom[string(key)]; dup {
			return Notice{}, false
		}
		custom[string(key)] = bytes.Clone(v)
	}
	n.Custom = custom
	return n, r.End()
}

// readAPS reads the aps object v into n, for readPayload.
func readAPS(v []byte, n *Notice) bool {
	r := protocol.NewJSONReader(v)
	if !r.Open() {
		return false
	}
	var alert, available []byte
	for first := true; ; first = false {
		key, done, ok := r.Member(first)
		if !ok {
			return false
		}
		if done {
			break
		}
		val, ok := r.Value()
		if !ok {
			return false
		}
		switch k := string(key); {
		case k == "alert" && alert == nil:
			alert = val
		case k == "content-available" && available == nil:
			available = val
		case !ascii(key) || strings.EqualFold(k, "alert") || strings.EqualFold(k, "content-available"):
			return false // encoding/json might match it to a field
		}
	}
	n.ContentAvailable = string(available) == "1"
	switch {
	case alert == nil:
		return true
	case alert[0] == '"':
		n.Body = protocol.JSONStringContent(alert)
		return true
	}
	d := mockvendors.NewJSONFields(alert)
	return d.Object(alertNames, func(i int) bool {
		return d.String([]*string{&n.Title, &n.Subtitle, &n.Body}[i])
	}) && d.End()
}

// ascii reports whether b is all ASCII.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
