package meizu_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
)

const okJSON = `{"noticeBarInfo":{"noticeMsgType":1,"title":"Bob","content":"hi"}}`

// wellFormedID is a PushId nobody registered.
const wellFormedID = "RA50c6348036344485d01776773577c64740465480a6b"

func TestPushTopLevelCodes(t *testing.T) {
	many := make([]string, 101)
	for i := range many {
		many[i] = wellFormedID[:40] + strconv.Itoa(10000+i)
	}
	tests := []struct {
		name string
		opts []meizu.Option
		path string
		form url.Values
		code string
	}{
		{name: "no appId", form: url.Values{"pushIds": {wellFormedID}, "messageJson": {okJSON}, "sign": {"x"}}, code: meizu.CodeParamEmpty},
		{name: "unknown appId", form: url.Values{"appId": {"999"}, "pushIds": {wellFormedID}, "messageJson": {okJSON}, "sign": {"x"}}, code: meizu.CodeBadAppID},
		{name: "no sign", form: url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "messageJson": {okJSON}}, code: meizu.CodeParamEmpty},
		{name: "wrong sign", form: url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "messageJson": {okJSON}, "sign": {md5hex("nope")}}, code: meizu.CodeSignFailed},
		{name: "signed with another secret", form: func() url.Values {
			f := url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "messageJson": {okJSON}}
			f.Set("sign", meizu.Sign(f, "wrong"))
			return f
		}(), code: meizu.CodeSignFailed},
		{name: "upper-case sign accepted", form: func() url.Values {
			f := url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "messageJson": {okJSON}}
			f.Set("sign", strings.ToUpper(meizu.Sign(f, secret)))
			return f
		}(), code: meizu.CodeOK},
		{name: "no pushIds", form: signedForm("", okJSON), code: meizu.CodeParamEmpty},
		{name: "only commas", form: signedForm(",,", okJSON), code: meizu.CodeParamEmpty},
		{name: "no messageJson", form: signedForm(wellFormedID, ""), code: meizu.CodeParamEmpty},
		{name: "101 pushIds", form: signedForm(strings.Join(many, ","), okJSON), code: meizu.CodeParamError},
		{name: "100 pushIds", form: signedForm(strings.Join(many[:100], ","), okJSON), code: meizu.CodeOK},
		{name: "bad messageJson", form: signedForm(wellFormedID, `{"noticeBarInfo":{"title":"t"}}`), code: meizu.CodeParamError},
		{name: "blacklisted app", opts: []meizu.Option{meizu.WithBlacklistedApps(appID)}, form: signedForm(wellFormedID, okJSON), code: meizu.CodeAppBlacklisted},
		{name: "restricted to another package", form: func() url.Values {
			f := url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "messageJson": {okJSON}, "restrictedPackageNames": {"com.other"}}
			f.Set("sign", meizu.Sign(f, secret))
			return f
		}(), code: meizu.CodeBadPackage},
		{name: "pass-through by pushId", path: meizu.PathUnvarnishedByPushID, form: signedForm(wellFormedID, `{"title":"t","content":"c"}`), code: meizu.CodePassThroughLimit},
		{name: "pass-through by alias", path: meizu.PathUnvarnishedByAlias, form: func() url.Values {
			f := url.Values{"appId": {appID}, "alias": {"bob"}, "messageJson": {`{"title":"t","content":"c"}`}}
			f.Set("sign", meizu.Sign(f, secret))
			return f
		}(), code: meizu.CodePassThroughLimit},
		{name: "pass-through still checks the signature", path: meizu.PathUnvarnishedByPushID,
			form: url.Values{"appId": {appID}, "pushIds": {wellFormedID}, "sign": {"x"}}, code: meizu.CodeSignFailed},
		{name: "unregistered callback address", form: signedForm(wellFormedID,
			`{"noticeBarInfo":{"title":"t","content":"c"},"extra":{"callback":"http://elsewhere.example/cb"}}`), code: meizu.CodeParamError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				app := theApp
				app.CallbackURLs = []string{callback}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app}}, tc.opts...)
				path := tc.path
				if path == "" {
					path = meizu.PathPushByPushID
				}
				r := e.raw(path, tc.form)
				if r.Code != tc.code {
					t.Fatalf("code = %s (%s), want %s", r.Code, r.Message, tc.code)
				}
				if r.Code != meizu.CodeOK && (string(r.Value) != `""` || r.Message == "") {
					t.Errorf("failure shape: value %s message %q", r.Value, r.Message)
				}
				if r.Code == meizu.CodeOK && r.MsgID == "" {
					t.Error("success without msgId")
				}
			})
		})
	}
}

func TestPushPerTargetCodes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		other := mockvendors.App{ID: "555", Secret: "x", Package: "com.other"}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}})
		_, good := e.phone("alice")
		_, gone := e.phone("bob")
		_, muted := e.phone("carol")
		e.srv.Hub().Unregister(gone)
		dev := e.Dial("dave")
		otherApp := e.Register(dev, protocol.RegisterRequest{AppID: "555", Package: "com.other", DeviceID: "dave"}).Token
		if r := e.call("POST", meizu.PathChangeRegisterSwitch, url.Values{"appId": {appID}, "pushId": {muted}, "msgType": {"0"}, "subSwitch": {"0"}}); r.Code != meizu.CodeOK {
			t.Fatalf("changeRegisterSwitch = %+v", r)
		}
		r := e.push(note("Bob", "hi"), good, gone, muted, otherApp, wellFormedID, "bad id!", "short")
		if r.Code != meizu.CodeOK || r.MsgID == "" {
			t.Fatalf("response = %+v", r)
		}
		want := map[string][]string{
			meizu.CodePushIDUnregistered: {gone, otherApp, wellFormedID},
			meizu.CodePushIDIllegal:      {"bad id!", "short"},
			meizu.CodeRateLimited:        {muted},
		}
		got := r.Failed()
		if len(got) != len(want) {
			t.Fatalf("value = %v, want %v", got, want)
		}
		for code, ids := range want {
			if strings.Join(got[code], ",") != strings.Join(ids, ",") {
				t.Errorf("value[%s] = %v, want %v", code, got[code], ids)
			}
		}
		if n := e.srv.Messages().Len(); n != 1 {
			t.Errorf("recorded %d messages, want 1 (only the accepted target)", n)
		}
		allOK := e.push(note("Bob", "again"), good)
		if string(allOK.Value) != "{}" {
			t.Errorf("all-OK value = %s, want {}", allOK.Value)
		}
	})
}

func TestFolding(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		_, other := e.phone("bob")
		for i := 1; i <= 5; i++ {
			if c := e.push(note("Bob", "m"+strconv.Itoa(i)), tok).CodeFor(tok); c != meizu.CodeOK {
				t.Fatalf("message %d: code %s", i, c)
			}
			time.Sleep(10 * time.Second)
		}
		// 50 s after the first: the 6th within a minute is folded, for
		// this device only.
		sixth := e.push(note("Bob", "m6"), tok, other)
		if got := sixth.Failed(); len(got) != 1 || len(got[meizu.CodeFolded]) != 1 || got[meizu.CodeFolded][0] != tok {
			t.Fatalf("6th message value = %v, want {520: [%s]}", got, tok)
		}
		time.Sleep(5 * time.Second)
		synctest.Wait()
		if n := len(dev.Notices()); n != 5 {
			t.Fatalf("device got %d notices, want 5 (the folded one is not delivered)", n)
		}
		// 60 s after the first it has left the window.
		time.Sleep(5 * time.Second)
		if c := e.push(note("Bob", "m7"), tok).CodeFor(tok); c != meizu.CodeOK {
			t.Fatalf("after the window: code %s, want 200", c)
		}
	})
}

func TestOptionalLimits(t *testing.T) {
	tests := []struct {
		name     string
		opt      meizu.Option
		msg      meizu.NoticeMessage
		topLevel string // expected top-level code of the 3rd call, or ""
		target   string // expected per-target code of the 3rd call
	}{
		{name: "speed limit", opt: meizu.WithSpeedLimit(2, time.Minute), msg: note("t", "c"), target: meizu.CodeSpeedLimit},
		{name: "public daily cap", opt: meizu.WithPublicDailyCap(2), target: meizu.CodePublicDailyLimit,
			msg: meizu.NoticeMessage{NoticeBarInfo: meizu.NoticeBarInfo{NoticeMsgType: meizu.NoticeMsgPublic, Title: "t", Content: "c"}}},
		{name: "public cap spares private messages", opt: meizu.WithPublicDailyCap(2), msg: note("t", "c"), target: meizu.CodeOK},
		{name: "app daily cap", opt: meizu.WithAppDailyCap(2), msg: note("t", "c"), topLevel: meizu.CodeAppDailyLimit},
		{name: "request rate", opt: meizu.WithRequestRateLimit(2, time.Second), msg: note("t", "c"), topLevel: meizu.CodeRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opt, meizu.WithFolding(0, 0))
				_, tok := e.phone("alice")
				for range 2 {
					if c := e.push(tc.msg, tok).CodeFor(tok); c != meizu.CodeOK {
						t.Fatalf("within the limit: %s", c)
					}
				}
				r := e.push(tc.msg, tok)
				if tc.topLevel != "" {
					if r.Code != tc.topLevel {
						t.Fatalf("code = %s, want %s", r.Code, tc.topLevel)
					}
					return
				}
				if c := r.CodeFor(tok); c != tc.target {
					t.Fatalf("target code = %s, want %s", c, tc.target)
				}
			})
		})
	}
}

func TestAppDailyCapPerTarget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, meizu.WithAppDailyCap(1))
		_, a := e.phone("alice")
		_, b := e.phone("bob")
		r := e.push(note("t", "c"), a, b)
		if got := r.Failed()[meizu.CodeAppDailyLimit]; len(got) != 1 || got[0] != b {
			t.Fatalf("value = %v, want bob over the cap", r.Failed())
		}
		time.Sleep(24 * time.Hour)
		if c := e.push(note("t", "c"), b).CodeFor(b); c != meizu.CodeOK {
			t.Fatalf("next day: %s", c)
		}
	})
}

func TestMsgIDsAreDeterministic(t *testing.T) {
	run := func() []string {
		var ids []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, mockvendors.Config{Seed: 42})
			_, tok := e.phone("alice")
			for _, c := range []string{"a", "b", "a"} {
				ids = append(ids, e.push(note("t", c), tok).MsgID)
			}
		})
		return ids
	}
	first, second := run(), run()
	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Fatalf("msgIds differ between runs: %v vs %v", first, second)
	}
	if first[0] == first[2] {
		t.Fatalf("the same content twice got one msgId %s", first[0])
	}
	if len(first[0]) != 32 {
		t.Fatalf("msgId %q is not 32 hex digits", first[0])
	}
}

func TestRecorderEntries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		time.Sleep(90 * time.Second)
		msg := note("Bob", "hi there")
		msg.ClickTypeInfo = &meizu.ClickTypeInfo{ClickType: meizu.ClickActivity, Activity: "com.example.chat.ChatActivity",
			Parameters: meizu.Parameters{"ext": `{"conv":"c2c_bob"}`}}
		r := e.push(msg, tok)
		got := e.srv.Messages().List()
		if len(got) != 1 {
			t.Fatalf("recorded %d", len(got))
		}
		m := got[0]
		if m.Token != tok || m.Title != "Bob" || m.Body != "hi there" || m.MsgID != r.MsgID ||
			m.ReceivedAt != "2000-01-01T00:01:30Z" || m.Vendor != protocol.VendorMeizu || m.AppID != appID {
			t.Errorf("entry = %+v", m)
		}
		if m.Click.Action != protocol.ClickOpenActivity || m.Click.Activity != "com.example.chat.ChatActivity" ||
			m.Click.Extras["ext"] != `{"conv":"c2c_bob"}` {
			t.Errorf("click = %+v", m.Click)
		}
		if _, ok := m.Params["sign"]; ok || m.Params["appId"] != appID || m.Params["messageJson"] == "" {
			t.Errorf("params = %v", m.Params)
		}
		for _, ev := range e.Trace.Events() {
			for _, v := range ev.Details {
				if strings.Contains(v, secret) {
					t.Errorf("trace leaks the secret: %+v", ev)
				}
			}
		}
	})
}
