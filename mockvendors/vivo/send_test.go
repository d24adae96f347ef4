package vivo_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestSendCodes(t *testing.T) {
	const base = `"regId":"$TOKEN","notifyType":2,"title":"Bob","content":"hi","skipType":1,"classification":1,"requestId":"r1"`
	with := func(extra string) string { return `{` + base + extra + `}` }
	tests := []struct {
		name string
		body string // $TOKEN is the registered regId
		code int
	}{
		{"accepted", with(``), vivo.CodeOK},
		{"appId matches", with(`,"appId":"` + appID + `"`), vivo.CodeOK},
		{"appId as a number", with(`,"appId":` + appID), vivo.CodeOK},
		{"appId of another app", with(`,"appId":"999"`), vivo.CodeAppIDMismatch},
		{"numbers as strings", `{"regId":"$TOKEN","notifyType":"4","title":"t","content":"c","skipType":"1","networkType":"1","classification":"0","timeToLive":"3600","requestId":"r"}`, vivo.CodeOK},
		{"not JSON", `{`, vivo.CodeInvalidParam},
		{"no requestId", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":1}`, vivo.CodeInvalidParam},
		{"no target", `{"notifyType":2,"title":"t","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"notifyType 0", `{"regId":"$TOKEN","title":"t","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"no title", `{"regId":"$TOKEN","notifyType":1,"content":"c","skipType":1,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"20 CJK characters", `{"regId":"$TOKEN","notifyType":1,"title":"` + strings.Repeat("消", 20) + `","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeOK},
		{"21 CJK characters", `{"regId":"$TOKEN","notifyType":1,"title":"` + strings.Repeat("消", 21) + `","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"40 Latin characters", `{"regId":"$TOKEN","notifyType":1,"title":"` + strings.Repeat("a", 40) + `","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeOK},
		{"101-wide content", `{"regId":"$TOKEN","notifyType":1,"title":"t","content":"` + strings.Repeat("a", 101) + `","skipType":1,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"timeToLive 59", with(`,"timeToLive":59`), vivo.CodeInvalidParam},
		{"timeToLive 7 days", with(`,"timeToLive":604800`), vivo.CodeOK},
		{"timeToLive over 7 days", with(`,"timeToLive":604801`), vivo.CodeInvalidParam},
		{"skipType 5", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":5,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"web page without URL", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":2,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"web page not http", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":2,"skipContent":"ftp://x/y","requestId":"r"}`, vivo.CodeInvalidParam},
		{"in-app page without intent", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":4,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"in-app page", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":4,"skipContent":"intent:#Intent;component=com.example.chat/.Chat;end","requestId":"r"}`, vivo.CodeOK},
		{"networkType 2", with(`,"networkType":2`), vivo.CodeInvalidParam},
		{"classification 2", `{"regId":"$TOKEN","notifyType":2,"title":"t","content":"c","skipType":1,"classification":2,"requestId":"r"}`, vivo.CodeInvalidParam},
		{"unknown category", with(`,"category":"CHAT"`), vivo.CodeInvalidParam},
		{"pushMode 2", with(`,"pushMode":2`), vivo.CodeInvalidParam},
		{"11 custom pairs", with(`,"clientCustomMap":{` + pairs(11) + `}`), vivo.CodeInvalidParam},
		{"10 custom pairs", with(`,"clientCustomMap":{` + pairs(10) + `}`), vivo.CodeOK},
		{"custom map over 1024", with(`,"clientCustomMap":{"ext":"` + strings.Repeat("x", 1022) + `"}`), vivo.CodeInvalidParam},
		{"custom value an object", with(`,"clientCustomMap":{"ext":{"a":1}}`), vivo.CodeInvalidParam},
		{"callback not http", with(`,"extra":{"callback":"ftp://x/y"}`), vivo.CodeInvalidParam},
		{"callback not registered", with(`,"extra":{"callback":"http://elsewhere.example/cb"}`), vivo.CodeInvalidParam},
		{"callback", with(`,"extra":{"callback":"` + callback + `","callback.param":"p"}`), vivo.CodeOK},
		{"unknown regId", strings.Replace(with(``), "$TOKEN", unknownRegID, 1), vivo.CodeInvalidTarget},
		{"malformed regId", strings.Replace(with(``), "$TOKEN", "12345", 1), vivo.CodeInvalidTarget},
		{"alias", `{"alias":"bob","notifyType":2,"title":"t","content":"c","skipType":1,"requestId":"r"}`, vivo.CodeInvalidTarget},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				app := theApp
				app.CallbackURLs = []string{callback}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}})
				_, tok := e.phone("alice")
				r := e.raw(vivo.PathSend, e.token(), strings.ReplaceAll(tc.body, "$TOKEN", tok))
				if r.Result != tc.code || r.Desc == "" {
					t.Fatalf("send = %+v, want result %d", r, tc.code)
				}
				switch tc.code {
				case vivo.CodeOK:
					if len(r.TaskID) != 19 || r.InvalidUser != nil {
						t.Errorf("answer %+v, want a 19-digit taskId", r)
					}
				case vivo.CodeInvalidTarget:
					if r.InvalidUser == nil || r.InvalidUser.Status != 1 || r.InvalidUser.UserID == "" || r.TaskID != "" {
						t.Errorf("answer %+v, want the target in invalidUser", r)
					}
				default:
					if r.TaskID != "" || r.InvalidUser != nil || e.srv.Messages().Len() != 0 {
						t.Errorf("refusal %+v carries a task or was recorded", r)
					}
				}
			})
		})
	}
}

func pairs(n int) string {
	var b []string
	for i := range n {
		b = append(b, `"k`+strconv.Itoa(i)+`":"v"`)
	}
	return strings.Join(b, ",")
}

func TestDailyTotalsPerClass(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, vivo.WithSystemDailyQuota(2), vivo.WithOperationalDailyQuota(1), vivo.WithOperationalDeviceCap(0))
		_, tok := e.phone("alice")
		for i := range 2 {
			if r := e.send(msg(tok, "s"+strconv.Itoa(i), "hi")); r.Result != vivo.CodeOK {
				t.Fatalf("system %d: %+v", i, r)
			}
		}
		if r := e.send(msg(tok, "s2", "hi")); r.Result != vivo.CodeSystemQuota {
			t.Fatalf("third system: %+v, want %d", r, vivo.CodeSystemQuota)
		}
		if r := e.send(operational(tok, "o0", "hi")); r.Result != vivo.CodeOK {
			t.Fatalf("operational after the system total ran out: %+v", r)
		}
		if r := e.send(operational(tok, "o1", "hi")); r.Result != vivo.CodeTotalQuota {
			t.Fatalf("second operational: %+v, want %d", r, vivo.CodeTotalQuota)
		}
		im := operational(tok, "c0", "hi")
		im.Category = "IM" // a system category wins over classification 0
		if r := e.send(im); r.Result != vivo.CodeSystemQuota {
			t.Fatalf("category IM: %+v, want the system total", r)
		}
		test := msg(tok, "t0", "hi")
		test.PushMode = vivo.Int(1)
		if r := e.send(test); r.Result != vivo.CodeOK {
			t.Fatalf("a test message has its own total: %+v", r)
		}
		time.Sleep(24 * time.Hour)
		if r := e.send(msg(tok, "s3", "next day")); r.Result != vivo.CodeOK {
			t.Fatalf("next day: %+v", r)
		}
	})
}

func TestOperationalHours(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The bubble starts at 08:00 China time; 15:30 later it is 23:30.
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		if r := e.send(operational(tok, "o0", "morning")); r.Result != vivo.CodeOK {
			t.Fatalf("operational at 08:00: %+v", r)
		}
		time.Sleep(15*time.Hour + 30*time.Minute)
		if r := e.send(operational(tok, "o1", "late")); r.Result != vivo.CodeOutsideHours {
			t.Fatalf("operational at 23:30: %+v, want %d", r, vivo.CodeOutsideHours)
		}
		if r := e.send(msg(tok, "s0", "late")); r.Result != vivo.CodeOK {
			t.Fatalf("system at 23:30: %+v", r)
		}
	})
}

func TestOperationalDeviceCapHoldsMessagesBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		var ids []string
		for i := range 6 {
			r := e.send(operational(tok, "o"+strconv.Itoa(i), "deal "+strconv.Itoa(i)))
			if r.Result != vivo.CodeOK {
				t.Fatalf("operational %d: %+v (the cap is silent)", i, r)
			}
			ids = append(ids, r.TaskID)
		}
		e.send(msg(tok, "s0", "a system message is not capped"))
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 6 {
			t.Fatalf("device got %d notices, want 5 operational and 1 system", n)
		}
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != ids[5] || drops[0].Reason != protocol.ReasonVendorQuotaExceeded || drops[0].Device != "alice" {
			t.Fatalf("drops = %+v, want the sixth operational message held back", drops)
		}
		if e.srv.Messages().Len() != 7 {
			t.Errorf("recorded %d, want all 7 accepted", e.srv.Messages().Len())
		}
	})
}

func TestRepeatedRequestIDIsSentOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		first := e.send(msg(tok, "same", "one"))
		again := e.send(msg(tok, "same", "two"))
		if first.TaskID == "" || again.TaskID != first.TaskID {
			t.Fatalf("taskIds %s and %s, want the repeat answered with the first", first.TaskID, again.TaskID)
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 1 {
			t.Fatalf("device got %d notices, want 1", n)
		}
	})
}

func TestDeliveryPayloadAndTTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		m := msg(tok, "r1", "hi")
		m.SkipType, m.SkipContent = vivo.SkipActivity, "intent:#Intent;component=com.example.chat/.Chat;end"
		m.ClientCustomMap = vivo.CustomMap{"ext": `{"conv":"c2c_bob"}`}
		m.Extra = &vivo.Extra{Callback: callback, CallbackParam: "p"}
		r := e.send(m)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 1 || got[0].MsgID != r.TaskID || got[0].Token != tok || got[0].Package != pkg {
			t.Fatalf("notices = %+v", got)
		}
		var p map[string]any
		if err := json.Unmarshal(got[0].Payload, &p); err != nil {
			t.Fatal(err)
		}
		if p["skipType"] != 4.0 || p["classification"] != 1.0 || p["clientCustomMap"].(map[string]any)["ext"] != `{"conv":"c2c_bob"}` {
			t.Errorf("payload = %s", got[0].Payload)
		}
		for _, k := range []string{"regId", "extra", "requestId", "appId"} {
			if _, ok := p[k]; ok {
				t.Errorf("payload carries %s: %s", k, got[0].Payload)
			}
		}
		rec := e.srv.Messages().List()[0]
		if rec.Click.Action != protocol.ClickOpenActivity || rec.Click.Activity != "com.example.chat.Chat" || rec.Click.Extras["ext"] == "" {
			t.Errorf("recorded click = %+v", rec.Click)
		}
		dev.Close()
		synctest.Wait()
		short := msg(tok, "r2", "short")
		short.TimeToLive = vivo.Int(60)
		late := e.send(short)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].VendorMsgID != late.TaskID || drops[0].Reason != protocol.ReasonExpired {
			t.Fatalf("drops = %+v, want the 60 s message expired", drops)
		}
	})
}

func TestTaskIDsAreDeterministic(t *testing.T) {
	run := func() []string {
		var ids []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, mockvendors.Config{Seed: 42})
			_, tok := e.phone("alice")
			for i, c := range []string{"a", "b", "a"} {
				ids = append(ids, e.send(msg(tok, "r"+strconv.Itoa(i), c)).TaskID)
			}
		})
		return ids
	}
	first, second := run(), run()
	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Fatalf("taskIds differ between runs: %v vs %v", first, second)
	}
	if first[0] == first[2] {
		t.Fatalf("the same content twice got one taskId %s", first[0])
	}
}

func TestNotMockedPaths(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		if r := e.raw("/message/pushToList", e.token(), `{}`); r.Result != vivo.CodeInvalidParam || !strings.Contains(r.Desc, "does not mock") {
			t.Fatalf("pushToList = %+v", r)
		}
		resp, err := e.HC.Get(apiURL + vivo.PathSend)
		if err != nil {
			t.Fatal(err)
		}
		var r vivo.Response
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusMethodNotAllowed || r.Result != vivo.CodeInvalidParam {
			t.Fatalf("GET /message/send = %d %+v %v", resp.StatusCode, r, err)
		}
	})
}
