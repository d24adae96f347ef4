package huawei_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors/huawei"
)

func TestParseSendRequest(t *testing.T) {
	const tok = `"token":["t0123456789abcdef"]`
	tests := []struct {
		name string
		body string
		code string // "" when accepted
	}{
		{"notification", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":3}}},` + tok + `}}`, ""},
		{"cross-platform notification only", `{"message":{"notification":{"title":"t","body":"b"},` + tok + `}}`, ""},
		{"title from message.notification", `{"message":{"notification":{"title":"t","body":"b"},"android":{"notification":{"click_action":{"type":3}}},` + tok + `}}`, ""},
		{"data message", `{"message":{"data":"{\"k\":1}",` + tok + `}}`, ""},
		{"data as an object", `{"message":{"data":{"k":1},` + tok + `}}`, ""},
		{"android data", `{"message":{"android":{"data":"x"},` + tok + `}}`, ""},
		{"numeric strings", `{"message":{"android":{"collapse_key":"-1","ttl":3600,"notification":{"title":"t","body":"b","style":"0","click_action":{"type":"1","action":"com.example.OPEN"}}},` + tok + `}}`, ""},
		{"condition", `{"message":{"data":"x","condition":"'a' in topics"}}`, ""},
		{"loc keys stand for title and body", `{"message":{"android":{"notification":{"title_loc_key":"k1","body_loc_key":"k2","click_action":{"type":3}}},` + tok + `}}`, ""},
		{"no title", `{"message":{"android":{"notification":{"body":"b","click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"no body", `{"message":{"notification":{"title":"t"},` + tok + `}}`, huawei.CodeParamError},
		{"type 1 without intent or action", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":1}}},` + tok + `}}`, huawei.CodeParamError},
		{"type 2 without url", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":2}}},` + tok + `}}`, huawei.CodeParamError},
		{"type 2 with ftp", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":2,"url":"ftp://x/y"}}},` + tok + `}}`, huawei.CodeParamError},
		{"type 4 without resource", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":4}}},` + tok + `}}`, huawei.CodeParamError},
		{"type 5", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":5}}},` + tok + `}}`, huawei.CodeParamError},
		{"collapse_key 101", `{"message":{"data":"x","android":{"collapse_key":101},` + tok + `}}`, huawei.CodeParamError},
		{"urgency LOW", `{"message":{"data":"x","android":{"urgency":"LOW"},` + tok + `}}`, huawei.CodeParamError},
		{"lower-case category", `{"message":{"data":"x","android":{"category":"im"},` + tok + `}}`, huawei.CodeParamError},
		{"ttl with unit h", `{"message":{"data":"x","android":{"ttl":"24h"},` + tok + `}}`, huawei.CodeParamError},
		{"fast_app_target 3", `{"message":{"data":"x","android":{"fast_app_target":3},` + tok + `}}`, huawei.CodeParamError},
		{"big text without big_body", `{"message":{"android":{"notification":{"title":"t","body":"b","style":1,"big_title":"t","click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"bad color", `{"message":{"android":{"notification":{"title":"t","body":"b","color":"red","click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"bad visibility", `{"message":{"android":{"notification":{"title":"t","body":"b","visibility":"ALL","click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"badge without class", `{"message":{"android":{"notification":{"title":"t","body":"b","badge":{"add_num":1},"click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"badge set_num 100", `{"message":{"android":{"notification":{"title":"t","body":"b","badge":{"set_num":100,"class":"a.B"},"click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"eleven vibrations", `{"message":{"android":{"notification":{"title":"t","body":"b","vibrate_config":["1","1","1","1","1","1","1","1","1","1","1"],"click_action":{"type":3}}},` + tok + `}}`, huawei.CodeParamError},
		{"type as a word", `{"message":{"android":{"notification":{"title":"t","body":"b","click_action":{"type":"one"}}},` + tok + `}}`, huawei.CodeIllegalPayload},
		{"trailing data", `{"message":{"data":"x",` + tok + `}} {}`, huawei.CodeIllegalPayload},
		{"array", `[]`, huawei.CodeIllegalPayload},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := huawei.ParseSendRequest([]byte(tc.body))
			if tc.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *huawei.APIError
			if !errors.As(err, &e) || e.Code != tc.code {
				t.Fatalf("error = %v, want code %s", err, tc.code)
			}
		})
	}
}

func TestParseSendRequestDefaults(t *testing.T) {
	req, err := huawei.ParseSendRequest([]byte(`{"message":{"notification":{"title":"t","body":"b"},"token":["x"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	a := req.Message.Android
	if a == nil || a.TTL != "86400s" || a.Notification == nil || a.Notification.Title != "t" || a.Notification.Body != "b" ||
		a.Notification.ClickAction == nil || a.Notification.ClickAction.Type != huawei.ClickApp {
		b, _ := json.Marshal(req)
		t.Fatalf("normalized = %s", b)
	}
	if d := req.Message.TTL(); d != 24*time.Hour {
		t.Errorf("TTL() = %v", d)
	}
}

func TestParseTTL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"86400s", 24 * time.Hour, true}, {"3600", time.Hour, true}, {"0.5S", 500 * time.Millisecond, true},
		{"0s", 0, true}, {"1296000s", 15 * 24 * time.Hour, true}, {"1296001s", 0, false}, {"-1s", 0, false},
		{"1h", 0, false}, {"", 0, false}, {"1.1234567890s", 0, false},
	} {
		got, err := huawei.ParseTTL(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseTTL(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestMessageSize(t *testing.T) {
	small := `{"message":{"data":"x","token":["` + unknownToken + `","` + unknownToken + `"]}}`
	if got, want := huawei.MessageSize([]byte(small)), len(`{"message":{"data":"x","token":}}`); got != want {
		t.Errorf("MessageSize = %d, want %d", got, want)
	}
	if got := huawei.MessageSize([]byte("not json")); got != len("not json") {
		t.Errorf("MessageSize(not json) = %d", got)
	}
}

func TestFlexTypes(t *testing.T) {
	var v struct {
		N huawei.FlexInt    `json:"n"`
		S huawei.FlexString `json:"s"`
	}
	for _, tc := range []struct {
		in string
		n  int
		s  string
		ok bool
	}{
		{`{"n":1,"s":"x"}`, 1, "x", true},
		{`{"n":"2","s":3}`, 2, "3", true},
		{`{"n":3.0,"s":{"a": 1}}`, 3, `{"a":1}`, true},
		{`{"n":null,"s":null}`, 0, "", true},
		{`{"n":1.5}`, 0, "", false},
		{`{"n":"x"}`, 0, "", false},
		{`{"s":true}`, 0, "", false},
	} {
		v.N, v.S = 0, ""
		err := json.Unmarshal([]byte(tc.in), &v)
		if (err == nil) != tc.ok || (tc.ok && (int(v.N) != tc.n || string(v.S) != tc.s)) {
			t.Errorf("%s → %d %q %v", tc.in, v.N, v.S, err)
		}
	}
}

// Invalid UTF-8 in data (a string or an object) is refused as a bad
// parameter: forwarding it would change it.
func TestInvalidUTF8DataIsRefused(t *testing.T) {
	for _, body := range []string{
		"{\"message\":{\"data\":\"\xff\",\"token\":[\"x\"]}}",
		"{\"message\":{\"data\":{\"a\":\"\xc3\"},\"token\":[\"x\"]}}",
		"{\"message\":{\"android\":{\"data\":[\"\xed\xa0\x80\"]},\"token\":[\"x\"]}}",
	} {
		_, err := huawei.ParseSendRequest([]byte(body))
		var e *huawei.APIError
		if !errors.As(err, &e) || e.Code != huawei.CodeParamError {
			t.Errorf("%q: %v, want %s", body, err, huawei.CodeParamError)
		}
	}
}
