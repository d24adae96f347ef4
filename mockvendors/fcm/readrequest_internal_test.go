package fcm

import (
	"encoding/json"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
)

// clientBody is the body pushsim's client sends for an IM push.
func clientBody(t testing.TB) string {
	m := &Message{Token: "tok", Notification: &Notification{Title: "Bob", Body: "hi <there> & \"you\""},
		Data:    map[string]string{"ext": `{"conv":"c2c_bob"}`, "url": "https://e.com/?a=1&b=2"},
		Android: &AndroidConfig{Priority: "high", Notification: &AndroidNotification{ClickAction: "x.Y", ChannelID: "im", Sound: "ding"}}}
	b, err := json.Marshal(SendRequest{Message: m})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sendRequestCases are bodies for readSendRequest: the common shape and
// every way out of it.
var sendRequestCases = []struct {
	name string
	in   string
	hand bool // readSendRequest decodes it itself
}{
	{"empty", `{}`, true},
	{"empty message", ` {"message": {} } `, true},
	{"every field", `{"validate_only":false,"message":{"name":"n","token":"t","topic":"","condition":"c","data":{},` +
		`"notification":{"title":"a","body":"b","image":"i"},"fcm_options":{"analytics_label":"l"},` +
		`"android":{"collapse_key":"k","priority":"normal","ttl":"1s","restricted_package_name":"p","data":{"a":"b"},` +
		`"fcm_options":{"analytics_label":"m"},"direct_boot_ok":true,"restricted_satellite_ok":true,"bandwidth_constrained_ok":false,` +
		`"notification":{"title":"t","body":"b","icon":"i","color":"#fff","sound":"s","tag":"g","click_action":"c","body_loc_key":"k",` +
		`"title_loc_key":"k","channel_id":"c","ticker":"t","sticky":true,"event_time":"e","local_only":true,"notification_priority":"PRIORITY_MAX",` +
		`"default_sound":true,"default_vibrate_timings":true,"default_light_settings":true,"visibility":"PUBLIC","notification_count":7,` +
		`"image":"i","bypass_proxy_notification":true,"proxy":"DENY"}}}}`, true},
	{"escapes", `{"message":{"token":"\"t\" \\ \/ \u00e9 \ud83d\ude00 \ud800","data":{"ext":"{\"k\":\"v\"}"}}}`, true},
	{"unicode", `{"message":{"notification":{"title":"鲍勃","body":"你好 😀"}}}`, true},
	{"invalid utf-8", "{\"message\":{\"token\":\"\xff\"}}", true},
	{"count as string", `{"message":{"android":{"notification":{"notification_count":" 7 "}}}}`, true},
	{"negative count", `{"message":{"android":{"notification":{"notification_count":-3}}}}`, true},
	{"count too big", `{"message":{"android":{"notification":{"notification_count":2147483648}}}}`, false},
	{"count fraction", `{"message":{"android":{"notification":{"notification_count":1.0}}}}`, false},
	{"camelCase", `{"validateOnly":true,"message":{"token":"t"}}`, false},
	{"camel and snake", `{"message":{"android":{"collapse_key":"a","collapseKey":"b"}}}`, false},
	{"duplicate key", `{"message":{"token":"a","token":"b"}}`, false},
	{"duplicate data key", `{"message":{"data":{"a":"1","a":"2"}}}`, false},
	{"escaped data key", `{"message":{"data":{"\u0061":"1"}}}`, false},
	{"null message", `{"message":null}`, false},
	{"null field", `{"message":{"token":null}}`, false},
	{"null data value", `{"message":{"data":{"a":null}}}`, false},
	{"number in data", `{"message":{"data":{"n":1}}}`, false},
	{"number for string", `{"message":{"token":1}}`, false},
	{"string for bool", `{"validate_only":"true"}`, false},
	{"unknown field", `{"message":{"foo":1}}`, false},
	{"other case", `{"Message":{}}`, false},
	{"apns", `{"message":{"apns":{"payload":{"aps":{}}}}}`, false},
	{"webpush", `{"message":{"webpush":{"notification":{"title":"t"}}}}`, false},
	{"list", `{"message":{"android":{"notification":{"body_loc_args":["x"]}}}}`, false},
	{"light settings", `{"message":{"android":{"notification":{"light_settings":{"color":{}}}}}}`, false},
	{"trailing object", `{} {}`, false},
	{"trailing garbage", `{} x`, false},
	{"trailing bracket", `{}]`, false},
	{"unterminated", `{"message":{`, false},
	{"array", `[]`, false},
	{"null", `null`, false},
	{"blank", ``, false},
}

// TestReadSendRequest checks which bodies readSendRequest takes and that
// ParseSendRequest gives what parseSendRequestJSON gives for each.
func TestReadSendRequest(t *testing.T) {
	cases := []mocktest.DecodeCase{{Name: "client", In: clientBody(t), Hand: true}}
	for _, c := range sendRequestCases {
		cases = append(cases, mocktest.DecodeCase{Name: c.name, In: c.in, Hand: c.hand})
	}
	takes := func(b []byte) bool { _, ok := readSendRequest(b); return ok }
	mocktest.DecodeCases(t, cases, takes, "ParseSendRequest", ParseSendRequest, parseSendRequestJSON)
}

// FuzzParseSendRequestHand checks ParseSendRequest, which decodes the
// common shape by hand, against parseSendRequestJSON, the encoding/json
// decoder it replaces: the same request or the same error.
func FuzzParseSendRequestHand(f *testing.F) {
	f.Add(clientBody(f))
	for _, c := range sendRequestCases {
		f.Add(c.in)
	}
	f.Fuzz(checkParseSendRequest)
}

func checkParseSendRequest(t *testing.T, s string) {
	mocktest.SameDecode(t, "ParseSendRequest", ParseSendRequest, parseSendRequestJSON, s)
}
