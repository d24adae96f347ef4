package honor_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors/honor"
)

func TestParseSendMessage(t *testing.T) {
	const tok = `"token":["t0123456789abcdef"]`
	notif := func(fields string) string {
		return `{"android":{"notification":{"title":"t","body":"b",` + fields + `}},` + tok + `}`
	}
	tests := []struct {
		name string
		body string
		code int // 0 when accepted
	}{
		{"notification", notif(`"clickAction":{"type":3}`), 0},
		{"numeric strings", notif(`"style":"0","notifyId":"7","clickAction":{"type":"1","intent":"intent:#Intent;component=p/p.A;end"}`), 0},
		{"big text", notif(`"style":1,"bigTitle":"t","bigBody":"b","clickAction":{"type":3}`), 0},
		{"badge", notif(`"badge":{"addNum":1,"setNum":0,"badgeClass":"p.Main"},"clickAction":{"type":3}`), 0},
		{"buttons", notif(`"buttons":[{"name":"Open","actionType":0},{"name":"Web","actionType":2,"intent":"https://e.com"}],"clickAction":{"type":3}`), 0},
		{"test message", `{"data":"x","android":{"targetUserType":1},` + tok + `}`, 0},
		{"ttl as a number", `{"data":"x","android":{"ttl":60},` + tok + `}`, 0},
		{"no body", `{"android":{"notification":{"title":"t","clickAction":{"type":3}}},` + tok + `}`, honor.CodeParamError},
		{"cross-platform title only", `{"notification":{"title":"t"},` + tok + `}`, honor.CodeParamError},
		{"type 1 without intent or action", notif(`"clickAction":{"type":1}`), honor.CodeParamError},
		{"type 4", notif(`"clickAction":{"type":4}`), honor.CodeParamError},
		{"importance HIGH", notif(`"importance":"HIGH","clickAction":{"type":3}`), honor.CodeParamError},
		{"style 1 without bigBody", notif(`"style":1,"bigTitle":"t","clickAction":{"type":3}`), honor.CodeParamError},
		{"style 3", notif(`"style":3,"clickAction":{"type":3}`), honor.CodeParamError},
		{"badge without class", notif(`"badge":{"addNum":1},"clickAction":{"type":3}`), honor.CodeParamError},
		{"badge setNum 100", notif(`"badge":{"setNum":100,"badgeClass":"p.Main"},"clickAction":{"type":3}`), honor.CodeParamError},
		{"four buttons", notif(`"buttons":[{"name":"a","actionType":0},{"name":"b","actionType":0},{"name":"c","actionType":0},{"name":"d","actionType":0}],"clickAction":{"type":3}`), honor.CodeParamError},
		{"button name too long", notif(`"buttons":[{"name":"` + strings.Repeat("n", 41) + `","actionType":0}],"clickAction":{"type":3}`), honor.CodeParamError},
		{"button page without intent", notif(`"buttons":[{"name":"a","actionType":1}],"clickAction":{"type":3}`), honor.CodeParamError},
		{"button web over http", notif(`"buttons":[{"name":"a","actionType":2,"intent":"http://e.com"}],"clickAction":{"type":3}`), honor.CodeParamError},
		{"targetUserType 2", `{"data":"x","android":{"targetUserType":2},` + tok + `}`, honor.CodeParamError},
		{"ttl over 15 days", `{"data":"x","android":{"ttl":"1296001s"},` + tok + `}`, honor.CodeParamError},
		{"1001 tokens", `{"data":"x","token":["` + strings.Repeat(`a","`, 1000) + `a"]}`, honor.CodeTokenCount},
		{"empty token list", `{"data":"x","token":[]}`, honor.CodeTokenCount},
		{"type as a word", notif(`"clickAction":{"type":"app"}`), honor.CodeIllegalPayload},
		{"trailing data", `{"data":"x",` + tok + `} 1`, honor.CodeIllegalPayload},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := honor.ParseSendMessage([]byte(tc.body))
			if tc.code == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *honor.APIError
			if !errors.As(err, &e) || e.Code != tc.code {
				t.Fatalf("error = %v, want code %d", err, tc.code)
			}
		})
	}
}

func TestParseSendMessageDefaults(t *testing.T) {
	m, err := honor.ParseSendMessage([]byte(`{"notification":{"title":"t","body":"b"},"token":["x"]}`))
	if err != nil {
		t.Fatal(err)
	}
	a := m.Android
	if a == nil || a.TTL != "86400s" || a.Notification == nil || a.Notification.Title != "t" || a.Notification.Body != "b" ||
		a.Notification.ClickAction == nil || a.Notification.ClickAction.Type != honor.ClickApp {
		b, _ := json.Marshal(m)
		t.Fatalf("normalized = %s", b)
	}
	if m.TTL() != 24*time.Hour {
		t.Errorf("TTL() = %v", m.TTL())
	}
	if got, want := honor.MessageSize([]byte(`{"data":"x","token":["abc"]}`)), len(`{"data":"x","token":}`); got != want {
		t.Errorf("MessageSize = %d, want %d", got, want)
	}
}

func TestHTTPStatus(t *testing.T) {
	for code, want := range map[int]int{honor.CodeSuccess: 200, honor.CodeParamError: 400, honor.CodeIllegalPayload: 400,
		honor.CodeAuthError: 401, honor.CodeTokenExpired: 401, honor.CodeNoPermission: 401, honor.CodeTokensInvalid: 400,
		honor.CodeTooLarge: 400, honor.CodeTokenCount: 400, honor.CodeInternal: 500} {
		if got := honor.HTTPStatus(code); got != want {
			t.Errorf("HTTPStatus(%d) = %d, want %d", code, got, want)
		}
		if honor.CodeText(code) == "" {
			t.Errorf("code %d has no text", code)
		}
	}
}

// Invalid UTF-8 in data (a string or an object) is refused as a bad
// parameter: forwarding it would change it.
func TestInvalidUTF8DataIsRefused(t *testing.T) {
	for _, body := range []string{
		"{\"data\":\"\xff\",\"token\":[\"x\"]}",
		"{\"data\":{\"a\":\"\xc3\"},\"token\":[\"x\"]}",
		"{\"android\":{\"data\":[\"\xed\xa0\x80\"]},\"token\":[\"x\"]}",
	} {
		_, err := honor.ParseSendMessage([]byte(body))
		var e *honor.APIError
		if !errors.As(err, &e) || e.Code != honor.CodeParamError {
			t.Errorf("%q: %v, want %d", body, err, honor.CodeParamError)
		}
	}
}
