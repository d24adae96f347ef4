package oppo_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestUnicastCodes(t *testing.T) {
	const notif = `{"title":"Bob","content":"hi","channel_id":"im_channel"}`
	msg := func(target, notification string) string {
		return `{"target_type":2,"target_value":"` + target + `","notification":` + notification + `}`
	}
	tests := []struct {
		name    string
		opts    []oppo.Option
		message string // $TOKEN is the registered regId
		code    int
	}{
		{name: "accepted", message: msg("$TOKEN", notif), code: oppo.CodeOK},
		{name: "no message", message: "", code: oppo.CodeMissingArgument},
		{name: "not JSON", message: `{`, code: oppo.CodeInvalidArgument},
		{name: "target_type 9", message: `{"target_type":9,"target_value":"$TOKEN","notification":` + notif + `}`, code: oppo.CodeInvalidArgument},
		{name: "no target", message: `{"target_type":2,"notification":` + notif + `}`, code: oppo.CodeMissingArgument},
		{name: "no notification", message: `{"target_type":2,"target_value":"$TOKEN"}`, code: oppo.CodeMissingArgument},
		{name: "no title", message: msg("$TOKEN", `{"content":"hi"}`), code: oppo.CodeMissingArgument},
		{name: "no content", message: msg("$TOKEN", `{"title":"Bob"}`), code: oppo.CodeMissingArgument},
		{name: "51-character title", message: msg("$TOKEN", `{"title":"`+strings.Repeat("标", 51)+`","content":"hi"}`), code: oppo.CodeInvalidArgument},
		{name: "50-character title", message: msg("$TOKEN", `{"title":"`+strings.Repeat("标", 50)+`","content":"hi"}`), code: oppo.CodeOK},
		{name: "201-character content", message: msg("$TOKEN", `{"title":"t","content":"`+strings.Repeat("a", 201)+`"}`), code: oppo.CodeInvalidArgument},
		{name: "200-character content", message: msg("$TOKEN", `{"title":"t","content":"`+strings.Repeat("内", 200)+`"}`), code: oppo.CodeOK},
		{name: "200-character content in style 1", message: msg("$TOKEN", `{"title":"t","style":1,"content":"`+strings.Repeat("a", 200)+`"}`), code: oppo.CodeOK},
		{name: "128-character content in style 2", message: msg("$TOKEN", `{"title":"t","style":2,"content":"`+strings.Repeat("内", 128)+`"}`), code: oppo.CodeOK},
		{name: "129-character content in style 2", message: msg("$TOKEN", `{"title":"t","style":2,"content":"`+strings.Repeat("a", 129)+`"}`), code: oppo.CodeInvalidArgument},
		{name: "50-character content in style 3", message: msg("$TOKEN", `{"title":"t","style":"3","content":"`+strings.Repeat("a", 50)+`"}`), code: oppo.CodeOK},
		{name: "51-character content in style 3", message: msg("$TOKEN", `{"title":"t","style":3,"content":"`+strings.Repeat("a", 51)+`"}`), code: oppo.CodeInvalidArgument},
		{name: "style 4", message: msg("$TOKEN", `{"title":"t","style":4,"content":"c"}`), code: oppo.CodeInvalidArgument},
		{name: "11-character sub_title", message: msg("$TOKEN", `{"title":"t","content":"c","sub_title":"`+strings.Repeat("a", 11)+`"}`), code: oppo.CodeInvalidArgument},
		{name: "click type 3", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":3}`), code: oppo.CodeInvalidArgument},
		{name: "activity missing", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":4}`), code: oppo.CodeMissingArgument},
		{name: "intent action missing", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":1}`), code: oppo.CodeMissingArgument},
		{name: "url missing", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":2}`), code: oppo.CodeMissingArgument},
		{name: "web url not http", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":2,"click_action_url":"ftp://x/y"}`), code: oppo.CodeInvalidArgument},
		{name: "intent scheme url", message: msg("$TOKEN", `{"title":"t","content":"c","click_action_type":5,"click_action_url":"chat://open?c=1"}`), code: oppo.CodeOK},
		{name: "action_parameters not an object", message: msg("$TOKEN", `{"title":"t","content":"c","action_parameters":"[1]"}`), code: oppo.CodeInvalidArgument},
		{name: "action_parameters over 4K", message: msg("$TOKEN", `{"title":"t","content":"c","action_parameters":{"ext":"`+strings.Repeat("x", 4096)+`"}}`), code: oppo.CodeInvalidArgument},
		{name: "off_line_ttl over 3 days", message: msg("$TOKEN", `{"title":"t","content":"c","off_line_ttl":259201}`), code: oppo.CodeInvalidArgument},
		{name: "unknown category", message: msg("$TOKEN", `{"title":"t","content":"c","category":"CHAT"}`), code: oppo.CodeInvalidCategory},
		{name: "notify_level 3", message: msg("$TOKEN", `{"title":"t","content":"c","category":"IM","notify_level":3}`), code: oppo.CodeInvalidCategory},
		{name: "category and notify_level", message: msg("$TOKEN", `{"title":"t","content":"c","category":"IM","notify_level":16}`), code: oppo.CodeOK},
		{name: "unregistered callback", message: msg("$TOKEN", `{"title":"t","content":"c","call_back_url":"http://elsewhere.example/cb"}`), code: oppo.CodeInvalidArgument},
		{name: "callback parameter over 50", message: msg("$TOKEN", `{"title":"t","content":"c","call_back_url":"`+callback+`","call_back_parameter":"`+strings.Repeat("p", 51)+`"}`), code: oppo.CodeInvalidArgument},
		{name: "unknown regId", message: msg(unknownRegID, notif), code: oppo.CodeInvalidRegistrationID},
		{name: "malformed regId", message: msg("not a regid", notif), code: oppo.CodeInvalidRegistrationID},
		{name: "alias", message: `{"target_type":5,"target_value":"bob","notification":` + notif + `}`, code: oppo.CodeInvalidRegistrationID},
		{name: "rate limit", opts: []oppo.Option{oppo.WithRequestRateLimit(1, time.Second)}, message: msg("$TOKEN", notif), code: oppo.CodeFrequencyLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				app := theApp
				app.CallbackURLs = []string{callback}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}}, tc.opts...)
				_, tok := e.phone("alice")
				form := url.Values{"auth_token": {e.token()}}
				if tc.message != "" {
					form.Set("message", strings.ReplaceAll(tc.message, "$TOKEN", tok))
				}
				if tc.code == oppo.CodeFrequencyLimit {
					e.raw(http.MethodPost, oppo.PathUnicast, form, nil)
				}
				r := e.raw(http.MethodPost, oppo.PathUnicast, form, nil)
				if r.Code != tc.code || r.Message == "" {
					t.Fatalf("code = %d (%q), want %d", r.Code, r.Message, tc.code)
				}
				if tc.code == oppo.CodeOK {
					if id := messageID(t, r); !strings.HasPrefix(id, appID+"-1-1-") || len(id) != len(appID)+5+24 {
						t.Errorf("messageId %q is not <appId>-1-1-<24 hex>", id)
					}
				} else if len(r.Data) != 0 || (tc.code != oppo.CodeFrequencyLimit && e.srv.Messages().Len() != 0) {
					t.Errorf("a refusal carries data %s or was recorded", r.Data)
				}
			})
		})
	}
}

func TestUnicastAcceptsWhatClientsSend(t *testing.T) {
	tests := []struct {
		name    string
		message string
		check   func(t *testing.T, payload map[string]any)
	}{
		{"camelCase, as the newer document's example",
			`{"targetType":2,"targetValue":"$TOKEN","notification":{"title":"Bob","content":"hi","clickActionType":4,` +
				`"clickActionActivity":"com.example.chat.ChatActivity","actionParameters":"{\"ext\":\"x\"}","channelId":"im_channel","offLineTtl":3600,"subTitle":null}}`,
			func(t *testing.T, p map[string]any) {
				if p["click_action_type"] != 4.0 || p["click_action_activity"] != "com.example.chat.ChatActivity" ||
					p["action_parameters"] != `{"ext":"x"}` || p["off_line_ttl"] != 3600.0 || p["channel_id"] != channel {
					t.Errorf("payload = %v", p)
				}
			}},
		{"notification as a JSON string, numbers as strings (OPPO-GO's form rebuilding)",
			`{"target_type":"2","target_value":"$TOKEN","notification":"{\"title\":\"Bob\",\"content\":\"hi\",\"click_action_type\":\"2\",\"click_action_url\":\"https://example.com\",\"off_line\":\"false\"}"}`,
			func(t *testing.T, p map[string]any) {
				if p["click_action_type"] != 2.0 || p["off_line"] != false {
					t.Errorf("payload = %v", p)
				}
			}},
		{"registration_id instead of target_value, action_parameters as an object (Java SDK)",
			`{"target_type":2,"registration_id":"$TOKEN","notification":{"title":"Bob","content":"hi","action_parameters":{"ext":"{\"conv\":1}","n":7}}}`,
			func(t *testing.T, p map[string]any) {
				var params map[string]any
				if err := json.Unmarshal([]byte(p["action_parameters"].(string)), &params); err != nil || params["ext"] != `{"conv":1}` || params["n"] != 7.0 {
					t.Errorf("action_parameters = %v (%v)", p["action_parameters"], err)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				dev, tok := e.phone("alice")
				form := url.Values{"auth_token": {e.token()}, "message": {strings.ReplaceAll(tc.message, "$TOKEN", tok)}}
				if r := e.raw(http.MethodPost, oppo.PathUnicast, form, nil); r.Code != oppo.CodeOK {
					t.Fatalf("unicast = %+v", r)
				}
				time.Sleep(2 * time.Second)
				synctest.Wait()
				got := dev.Notices()
				if len(got) != 1 {
					t.Fatalf("notices = %+v", got)
				}
				var p map[string]any
				if err := json.Unmarshal(got[0].Payload, &p); err != nil {
					t.Fatal(err)
				}
				if _, camel := p["clickActionType"]; camel {
					t.Errorf("payload keeps camelCase keys: %s", got[0].Payload)
				}
				tc.check(t, p)
			})
		})
	}
}

func TestUnicastBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		other := mockvendors.App{ID: "555", Key: "k555", MasterSecret: "m", Package: "com.other"}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}})
		_, good := e.phone("alice")
		_, gone := e.phone("bob")
		e.srv.Hub().Unregister(gone)
		otherTok := e.Register(e.Dial("carol"), protocol.RegisterRequest{AppID: "555", AppKey: "k555", Package: "com.other", DeviceID: "carol"}).Token
		msgs := []oppo.Message{to(good, note("Bob", "1")), to(gone, note("Bob", "2")), to(otherTok, note("Bob", "3")),
			to("bad id", note("Bob", "4")), to(good, &oppo.Notification{Title: "no content"})}
		r, err := e.client.UnicastBatch(t.Context(), creds, msgs)
		if err != nil || r.Code != oppo.CodeOK {
			t.Fatalf("batch = %+v %v", r, err)
		}
		var got []oppo.BatchResult
		if err := r.DataAs(&got); err != nil || len(got) != len(msgs) {
			t.Fatalf("data = %s (%v)", r.Data, err)
		}
		wantCodes := []int{0, oppo.CodeInvalidRegistrationID, oppo.CodeInvalidRegistrationID, oppo.CodeInvalidRegistrationID, oppo.CodeMissingArgument}
		for i, res := range got {
			if res.ErrorCode != wantCodes[i] || res.RegistrationID != msgs[i].TargetValue {
				t.Errorf("result %d = %+v, want code %d for %s", i, res, wantCodes[i], msgs[i].TargetValue)
			}
			if (res.ErrorCode == 0) != (res.MessageID != "") || (res.ErrorCode != 0) != (res.ErrorMessage != "") {
				t.Errorf("result %d = %+v: a messageId only on success, a message only on failure", i, res)
			}
		}
		if e.srv.Messages().Len() != 1 {
			t.Errorf("recorded %d, want 1", e.srv.Messages().Len())
		}
		form := url.Values{"auth_token": {e.token()}}
		for _, tc := range []struct {
			messages string
			code     int
		}{{"", oppo.CodeMissingArgument}, {"[]", oppo.CodeMissingArgument}, {"{}", oppo.CodeInvalidArgument}} {
			form.Set("messages", tc.messages)
			if r := e.raw(http.MethodPost, oppo.PathUnicastBatch, form, nil); r.Code != tc.code {
				t.Errorf("messages %q: code %d, want %d", tc.messages, r.Code, tc.code)
			}
		}
	})
}

func TestBatchLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, oppo.WithMaxBatch(2))
		_, tok := e.phone("alice")
		r, err := e.client.UnicastBatch(t.Context(), creds, []oppo.Message{to(tok, note("a", "1")), to(tok, note("a", "2")), to(tok, note("a", "3"))})
		if err != nil || r.Code != oppo.CodeInvalidArgument {
			t.Fatalf("3 messages over a limit of 2: %+v %v", r, err)
		}
	})
}

func TestDailyQuotaCountsPublicMessagesOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, oppo.WithDailyQuota(2))
		_, tok := e.phone("alice")
		private := func(c string) *oppo.Notification {
			n := note("Bob", c)
			n.Category = "IM"
			return n
		}
		for i := range 2 {
			if r := e.unicast(to(tok, note("Bob", "public "+strconv.Itoa(i)))); r.Code != oppo.CodeOK {
				t.Fatalf("public %d: %+v", i, r)
			}
		}
		if r := e.unicast(to(tok, note("Bob", "public 3"))); r.Code != oppo.CodeDailyQuota {
			t.Fatalf("third public: %+v, want %d", r, oppo.CodeDailyQuota)
		}
		if r := e.unicast(to(tok, private("private"))); r.Code != oppo.CodeOK {
			t.Fatalf("a private (IM) message over the public quota: %+v", r)
		}
		time.Sleep(24 * time.Hour)
		if r := e.unicast(to(tok, note("Bob", "next day"))); r.Code != oppo.CodeOK {
			t.Fatalf("next day: %+v", r)
		}
	})
}

func TestPublicDeviceCapHoldsMessagesBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, oppo.WithPublicDeviceCap(2))
		dev, tok := e.phone("alice")
		var ids []string
		for i := range 3 {
			r := e.unicast(to(tok, note("Bob", strconv.Itoa(i))))
			if r.Code != oppo.CodeOK {
				t.Fatalf("push %d: %+v (the cap is silent)", i, r)
			}
			ids = append(ids, messageID(t, r))
		}
		private := note("Bob", "im")
		private.Category = "IM"
		e.unicast(to(tok, private))
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 3 {
			t.Fatalf("device got %d notices, want 2 public and 1 private", n)
		}
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != ids[2] || drops[0].Reason != protocol.ReasonVendorQuotaExceeded || drops[0].Device != "alice" {
			t.Fatalf("drops = %+v, want the third public message held back", drops)
		}
	})
}

func TestAppMessageIDIsSentOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		_, other := e.phone("bob")
		n := note("Bob", "hi")
		n.AppMessageID = "im-42"
		first := messageID(t, e.unicast(to(tok, n)))
		n2 := note("Bob", "hi again")
		n2.AppMessageID = "im-42"
		if again := messageID(t, e.unicast(to(tok, n2))); again != first {
			t.Errorf("a repeated app_message_id got a new messageId %s, want %s", again, first)
		}
		if otherID := messageID(t, e.unicast(to(other, n))); otherID == first {
			t.Error("the same app_message_id to another device was taken as a repeat")
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if got := dev.Notices(); len(got) != 1 {
			t.Fatalf("alice got %d notices, want 1", len(got))
		}
	})
}

func TestMethodAndPathErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		if r := e.raw(http.MethodGet, oppo.PathUnicast, url.Values{}, nil); r.Code != oppo.CodeMethodNotAllowed {
			t.Errorf("GET unicast: %+v, want %d", r, oppo.CodeMethodNotAllowed)
		}
		if r := e.raw(http.MethodPost, "/server/v1/message/statistics", url.Values{}, nil); r.Code != oppo.CodeInvalidMethod {
			t.Errorf("unmocked path: %+v, want %d", r, oppo.CodeInvalidMethod)
		}
	})
}

func TestQuotedResponses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, oppo.WithQuotedResponses())
		_, tok := e.phone("alice")
		resp, err := e.HC.PostForm(apiURL+oppo.PathAuth, url.Values{"app_key": {appKey}})
		if err != nil {
			t.Fatal(err)
		}
		var body string
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || !strings.Contains(body, `"code":18`) {
			t.Fatalf("body %q (%v), want a JSON string holding the answer", body, err)
		}
		if r := e.unicast(to(tok, note("Bob", "hi"))); r.Code != oppo.CodeOK {
			t.Fatalf("the client did not read a quoted answer: %+v", r)
		}
	})
}

func TestRecorderEntry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		time.Sleep(90 * time.Second)
		n := note("Bob", "hi there")
		n.ClickActionType, n.ClickActionActivity = oppo.ClickActivity, "com.example.chat.ChatActivity"
		n.ActionParameters = oppo.Parameters{"ext": `{"conv":"c2c_bob"}`}
		id := messageID(t, e.unicast(to(tok, n)))
		got := e.srv.Messages().List()
		if len(got) != 1 {
			t.Fatalf("recorded %d", len(got))
		}
		m := got[0]
		if m.Token != tok || m.Title != "Bob" || m.Body != "hi there" || m.MsgID != id || m.AppID != appID ||
			m.ReceivedAt != "2000-01-01T00:01:30Z" || m.Vendor != protocol.VendorOPPO || m.Path != oppo.PathUnicast {
			t.Errorf("entry = %+v", m)
		}
		if m.Click.Action != protocol.ClickOpenActivity || m.Click.Activity != "com.example.chat.ChatActivity" || m.Click.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Errorf("click = %+v", m.Click)
		}
		if _, ok := m.Params["auth_token"]; ok || m.Params["message"] == "" {
			t.Errorf("params = %v", m.Params)
		}
		for _, ev := range e.Trace.Events() {
			for _, v := range ev.Details {
				if strings.Contains(v, masterSecret) {
					t.Errorf("trace leaks the master secret: %+v", ev)
				}
			}
		}
	})
}

func TestMessageIDsAreDeterministic(t *testing.T) {
	run := func() []string {
		var ids []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, mockvendors.Config{Seed: 42})
			_, tok := e.phone("alice")
			for _, c := range []string{"a", "b", "a"} {
				ids = append(ids, messageID(t, e.unicast(to(tok, note("t", c)))))
			}
		})
		return ids
	}
	first, second := run(), run()
	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Fatalf("messageIds differ between runs: %v vs %v", first, second)
	}
	if first[0] == first[2] {
		t.Fatalf("the same content twice got one messageId %s", first[0])
	}
}

// TestContentLimitDependsOnStyle: OPPO's content limit is 200 characters
// in the standard style, 128 in long text and 50 in big picture, refused
// with code 41 in the usual envelope.
func TestContentLimitDependsOnStyle(t *testing.T) {
	tests := []struct {
		style string // "" for none
		n     int
		code  int
	}{
		{"", 200, oppo.CodeOK}, {"", 201, oppo.CodeInvalidArgument},
		{"1", 200, oppo.CodeOK}, {"1", 201, oppo.CodeInvalidArgument},
		{"2", 128, oppo.CodeOK}, {"2", 129, oppo.CodeInvalidArgument},
		{"3", 50, oppo.CodeOK}, {"3", 51, oppo.CodeInvalidArgument},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("style %q %d characters", tc.style, tc.n), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp}})
				_, tok := e.phone("alice")
				style := ""
				if tc.style != "" {
					style = `"style":` + tc.style + `,`
				}
				form := url.Values{"auth_token": {e.token()},
					"message": {`{"target_type":2,"target_value":"` + tok + `","notification":{"title":"t",` + style +
						`"content":"` + strings.Repeat("长", tc.n) + `"}}`}}
				r := e.raw(http.MethodPost, oppo.PathUnicast, form, nil)
				if r.Code != tc.code {
					t.Fatalf("code %d (%s), want %d", r.Code, r.Message, tc.code)
				}
				if tc.code != oppo.CodeOK {
					want := fmt.Sprintf("Invalid Arguments: content (style %s) must be at most %d characters, got %d",
						cmpOr(tc.style, "1"), tc.n-1, tc.n)
					if r.Message != want || len(r.Data) != 0 || e.srv.Messages().Len() != 0 {
						t.Fatalf("refusal %+v, want message %q, no data, nothing recorded", r, want)
					}
				}
			})
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
