package fcm_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/protocol"
)

// TestSendCodes checks each refusal of messages:send: its HTTP status,
// RPC status, FcmError code and field violation.
func TestSendCodes(t *testing.T) {
	other := fcm.AppFor("other-project", "com.example.other", "")
	type tc struct {
		name    string
		opts    []fcm.Option
		account bool
		// body returns the auth token and the body; token is the demo
		// app's registration token on phone-1.
		body      func(e *env, token string) (string, string)
		status    int
		rpc       string
		code      fcm.ErrorCode
		violation string
		message   string
		project   string // default the demo project
	}
	cases := []tc{
		{name: "no credentials", account: true,
			body:   func(e *env, tok string) (string, string) { return "", msg(tok) },
			status: 401, rpc: fcm.StatusUnauthenticated, message: "missing required authentication credential"},
		{name: "token not issued by the endpoint", account: true,
			body:   func(e *env, tok string) (string, string) { return "ya29.forged", msg(tok) },
			status: 401, rpc: fcm.StatusUnauthenticated, message: "invalid authentication credentials"},
		{name: "unknown project", project: "no-such-project", body: func(e *env, tok string) (string, string) { return "", msg(tok) },
			status: 403, rpc: fcm.StatusPermissionDenied, message: "cloudmessaging.messages.create"},
		{name: "not JSON", body: func(e *env, tok string) (string, string) { return "", `{"message":` },
			status: 400, rpc: fcm.StatusInvalidArgument, message: "Invalid JSON payload received"},
		{name: "unknown field", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"android":{"notification":{"link":"https://e.com"}}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message.android.notification",
			message: `Unknown name "link" at 'message.android.notification': Cannot find field.`},
		{name: "data value not a string", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"data":{"a":"x","n":1}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message.data[1].value", message: "(TYPE_STRING), 1"},
		{name: "no recipient", body: func(e *env, tok string) (string, string) { return "", `{"message":{"data":{"a":"b"}}}` },
			status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, violation: "message", message: "Recipient of the message is not set."},
		{name: "two recipients", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"topic":"news"}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message", message: "oneof field 'target' is already set. Cannot set 'topic'"},
		{name: "malformed token", body: func(e *env, tok string) (string, string) { return "", msg("not a token") },
			status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, violation: "message.token",
			message: "The registration token is not a valid FCM registration token"},
		{name: "reserved data key", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"data":{"google.x":"1"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, violation: "message.data", message: "Invalid data payload key"},
		{name: "bad priority", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"android":{"priority":"urgent"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message.android.priority", message: "AndroidMessagePriority"},
		{name: "bad ttl", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"android":{"ttl":"3600"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message.android.ttl", message: "google.protobuf.Duration"},
		{name: "bad visibility", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"android":{"notification":{"visibility":"LOUD"}}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, violation: "message.android.notification.visibility"},
		{name: "payload over 4096 bytes", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"data":{"big":"` + strings.Repeat("x", 4100) + `"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, violation: "message", message: "Message is too big"},
		{name: "topic payload over 2048 bytes", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"topic":"news","data":{"big":"` + strings.Repeat("x", 2100) + `"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, message: "the limit is 2048"},
		{name: "unknown token", body: func(e *env, tok string) (string, string) { return "", msg(fcm.NewToken(1, project, pkg, "x", 1)) },
			status: 404, rpc: fcm.StatusNotFound, code: fcm.ErrUnregistered, message: "Requested entity was not found."},
		{name: "token of another project", body: func(e *env, tok string) (string, string) {
			_, st := e.phone("phone-2", protocol.RegisterRequest{AppID: other.ID, Package: other.Package})
			return "", msg(st.Token)
		}, status: 403, rpc: fcm.StatusPermissionDenied, code: fcm.ErrSenderIDMismatch, message: "SenderId mismatch"},
		{name: "restricted package of another app", body: func(e *env, tok string) (string, string) {
			return "", `{"message":{"token":` + quote(tok) + `,"android":{"restricted_package_name":"com.example.other"}}}`
		}, status: 400, rpc: fcm.StatusInvalidArgument, code: fcm.ErrInvalidArgument, violation: "message.android.restricted_package_name"},
		{name: "project quota", opts: []fcm.Option{fcm.WithProjectQuota(1, time.Minute)}, body: func(e *env, tok string) (string, string) {
			e.sendJSON("", `{}`) // a refused request counts too
			return "", msg(tok)
		}, status: 429, rpc: fcm.StatusResourceExhausted, code: fcm.ErrQuotaExceeded},
		{name: "device rate", opts: []fcm.Option{fcm.WithDeviceRate(1, time.Minute)}, body: func(e *env, tok string) (string, string) {
			if a := e.sendJSON("", msg(tok)); a.status != 200 {
				e.t.Fatalf("first send = %d %s", a.status, a.body)
			}
			return "", msg(tok)
		}, status: 429, rpc: fcm.StatusResourceExhausted, code: fcm.ErrQuotaExceeded, message: "registration token"},
		{name: "unavailable", opts: []fcm.Option{fcm.WithServerErrors(1, 0)}, body: func(e *env, tok string) (string, string) { return "", msg(tok) },
			status: 503, rpc: fcm.StatusUnavailable, code: fcm.ErrUnavailable},
		{name: "internal", opts: []fcm.Option{fcm.WithServerErrors(0, 1)}, body: func(e *env, tok string) (string, string) { return "", msg(tok) },
			status: 500, rpc: fcm.StatusInternal, code: fcm.ErrInternal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, c.account, c.opts, other)
				_, token := e.device("phone-1")
				tok, body := c.body(e, token)
				p := project
				if c.project != "" {
					p = c.project
				}
				a := e.do(http.MethodPost, fcm.SendPath(p), tok, "application/json", []byte(body))
				r := a.errorResponse(t)
				if a.status != c.status || r.Error.Status != c.rpc || r.FcmCode() != c.code {
					t.Errorf("answer %d %s %s, want %d %s %s: %s", a.status, r.Error.Status, r.FcmCode(), c.status, c.rpc, c.code, a.body)
				}
				if c.violation != "" {
					if v := r.Violations(); len(v) != 1 || v[0].Field != c.violation {
						t.Errorf("violations %+v, want one on %s", v, c.violation)
					}
				}
				if !strings.Contains(r.Error.Message, c.message) {
					t.Errorf("message %q lacks %q", r.Error.Message, c.message)
				}
				if c.status == 401 && a.header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
			})
		})
	}
}

func TestSendAccepts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, true, nil)
		dev, token := e.device("phone-1")
		tok := e.tokenFor(e.sa)
		// camelCase names and a numeric string for an int32, as the
		// front end accepts them.
		body := `{"validateOnly":false,"message":{"token":` + quote(token) + `,"notification":{"title":"Bob","body":"hi"},` +
			`"data":{"ext":"{\"conv\":\"c2c_bob\"}"},"android":{"priority":"HIGH","ttl":"3.5s","collapseKey":"chat",` +
			`"notification":{"clickAction":"com.example.chat.ChatActivity","channelId":"im","notificationCount":"3","title":"Bob (Android)"}},` +
			`"apns":{"payload":{"aps":{"sound":"default"}}},"fcmOptions":{"analyticsLabel":"im"}}}`
		a := e.sendJSON(tok, body)
		if a.status != http.StatusOK {
			t.Fatalf("send = %d %s", a.status, a.body)
		}
		var ok fcm.SendResponse
		if err := json.Unmarshal(a.body, &ok); err != nil || !strings.HasPrefix(ok.Name, "projects/"+project+"/messages/0:") {
			t.Fatalf("answer %s, want a message name", a.body)
		}
		id := strings.TrimPrefix(ok.Name, "projects/"+project+"/messages/")
		msgs := e.srv.Messages().List()
		if len(msgs) != 1 || msgs[0].MsgID != id || msgs[0].Title != "Bob (Android)" || msgs[0].Body != "hi" ||
			msgs[0].Click.Action != protocol.ClickOpenActivity || msgs[0].Click.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Errorf("recorded %+v", msgs)
		}
		if strings.Contains(msgs[0].Params["message"], tok) {
			t.Error("the recorder kept the access token")
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		notes := dev.Notices()
		if len(notes) != 1 || notes[0].MsgID != id || notes[0].Package != pkg {
			t.Fatalf("delivered %+v", notes)
		}
		var b map[string]string
		if err := json.Unmarshal(notes[0].Payload, &b); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]string{
			fcm.KeyFrom: project, fcm.KeyMessageID: id, fcm.KeyNotification: "1", fcm.KeyTitle: "Bob (Android)", fcm.KeyBody: "hi",
			fcm.KeyClickAction: "com.example.chat.ChatActivity", fcm.KeyChannelID: "im", fcm.KeyNotificationCount: "3",
			fcm.KeyCollapseKey: "chat", fcm.KeyTTL: "3", fcm.KeyOriginalPriority: "high", "ext": `{"conv":"c2c_bob"}`,
		} {
			if b[k] != want {
				t.Errorf("bundle[%s] = %q, want %q (bundle %v)", k, b[k], want, b)
			}
		}

		// The same message again gets a new ID: IDs count occurrences.
		a2 := e.sendJSON(tok, body)
		var ok2 fcm.SendResponse
		_ = json.Unmarshal(a2.body, &ok2)
		if ok2.Name == ok.Name || ok2.Name == "" {
			t.Errorf("second send name %q, want a new one", ok2.Name)
		}
	})
}

func TestSendValidateOnlyAndTopics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false, nil)
		dev, token := e.device("phone-1")
		a := e.sendJSON("", `{"validate_only":true,"message":{"token":`+quote(token)+`,"notification":{"title":"t"}}}`)
		if a.status != 200 || !contains(a.body, "projects/"+project+"/messages/"+fcm.FakeMessageID) {
			t.Errorf("validate_only = %d %s", a.status, a.body)
		}
		a = e.sendJSON("", `{"validate_only":true,"message":{"token":`+quote(fcm.NewToken(1, "x", "y", "z", 1))+`}}`)
		if a.status != 404 {
			t.Errorf("validate_only to an unknown token = %d, want 404", a.status)
		}
		a = e.sendJSON("", `{"message":{"topic":"/topics/news","notification":{"title":"t"}}}`)
		if a.status != 200 {
			t.Errorf("topic = %d %s", a.status, a.body)
		}
		a = e.sendJSON("", `{"message":{"condition":"'a' in topics && 'b' in topics","data":{"k":"v"}}}`)
		if a.status != 200 {
			t.Errorf("condition = %d %s", a.status, a.body)
		}
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 0 {
			t.Errorf("%d notices reached the device, want none", n)
		}
		msgs := e.srv.Messages().List()
		if len(msgs) != 2 || msgs[0].Alias != "/topics/news" || msgs[0].Token != "" {
			t.Errorf("recorded %+v, want the topic and condition messages", msgs)
		}
	})
}

func TestSendPaths(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false, nil)
		a := e.do(http.MethodGet, fcm.SendPath(project), "", "", nil)
		if r := a.errorResponse(t); a.status != 404 || r.Error.Message != "Method not found." {
			t.Errorf("GET send = %d %s", a.status, a.body)
		}
		a = e.do(http.MethodPost, "/v1/projects/p/messages:batchSend", "", "application/json", []byte(`{}`))
		if a.status != 404 || !contains(a.body, "That’s an error.") {
			t.Errorf("unknown path = %d %s", a.status, a.body)
		}
	})
}
