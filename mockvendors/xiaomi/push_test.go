package xiaomi_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

var (
	traceIDPattern = regexp.MustCompile(`^Xcm[0-9]{17}[A-Za-z]{2}$`)
	msgIDPattern   = regexp.MustCompile(`^[sautb]cm[0-9]{17}[A-Za-z]{2}$`)
)

// with returns the note's form with field set (or removed when value is
// "-").
func with(regIDs string, m xiaomi.Message, kv ...string) string {
	f, _ := url.ParseQuery(form(regIDs, m))
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "-" {
			f.Del(kv[i])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f.Encode()
}

func TestPushCodes(t *testing.T) {
	many := make([]string, 1001)
	for i := range many {
		many[i] = unknownRegID[:60] + strconv.Itoa(1000+i)
	}
	n := note("Bob", "hi")
	future := func(d time.Duration) string { return strconv.FormatInt(time.Now().Add(d).UnixMilli(), 10) }
	tests := []struct {
		name   string
		opts   []xiaomi.Option
		method string
		path   string
		auth   string
		body   func(tok string) string
		code   int
	}{
		{name: "accepted", body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeOK},
		{name: "v2 path", path: xiaomi.PathRegIDV2, body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeOK},
		{name: "v4 path", path: xiaomi.PathRegIDV4, body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeOK},
		{name: "lower-case key= prefix", auth: "KEY=" + secret, body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeOK},
		{name: "no Authorization", auth: "-", body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeAuthFailed},
		{name: "wrong secret", auth: "key=nope", body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeAuthFailed},
		{name: "bearer instead of key=", auth: "Bearer " + secret, body: func(tok string) string { return form(tok, n) }, code: xiaomi.CodeAuthFailed},
		{name: "no registration_id", body: func(string) string { return form("", n) }, code: xiaomi.CodeParamMissing},
		{name: "only commas", body: func(string) string { return form(",,", n) }, code: xiaomi.CodeParamMissing},
		{name: "1001 regIds", body: func(string) string { return form(strings.Join(many, ","), n) }, code: xiaomi.CodeParamInvalid},
		{name: "1000 unknown regIds", body: func(string) string { return form(strings.Join(many[:1000], ","), n) }, code: xiaomi.CodeNoValidTargets},
		{name: "unknown regId", body: func(string) string { return form(unknownRegID, n) }, code: xiaomi.CodeNoValidTargets},
		{name: "no package", body: func(tok string) string { return with(tok, n, "restricted_package_name", "-") }, code: xiaomi.CodeParamMissing},
		{name: "another app's package", body: func(tok string) string { return with(tok, n, "restricted_package_name", "com.other") }, code: xiaomi.CodeBadPackage},
		{name: "unknown package", body: func(tok string) string { return with(tok, n, "restricted_package_name", "com.nobody") }, code: xiaomi.CodeAppNotFound},
		{name: "package among several", body: func(tok string) string { return with(tok, n, "restricted_package_name", "com.x,"+pkg) }, code: xiaomi.CodeOK},
		{name: "no title", body: func(tok string) string { return with(tok, n, "title", "-") }, code: xiaomi.CodeParamMissing},
		{name: "no description", body: func(tok string) string { return with(tok, n, "description", "-") }, code: xiaomi.CodeParamMissing},
		{name: "blank title", body: func(tok string) string { return with(tok, n, "title", "  ") }, code: xiaomi.CodeParamInvalid},
		{name: "title of 49", body: func(tok string) string { return with(tok, n, "title", strings.Repeat("标", 49)) }, code: xiaomi.CodeOK},
		{name: "title of 50", body: func(tok string) string { return with(tok, n, "title", strings.Repeat("标", 50)) }, code: xiaomi.CodeParamInvalid},
		{name: "description of 128", body: func(tok string) string { return with(tok, n, "description", strings.Repeat("d", 128)) }, code: xiaomi.CodeParamInvalid},
		{name: "pass_through 2", body: func(tok string) string { return with(tok, n, "pass_through", "2") }, code: xiaomi.CodeParamInvalid},
		{name: "pass-through without payload", body: func(tok string) string { return with(tok, n, "pass_through", "1") }, code: xiaomi.CodeParamMissing},
		{name: "pass-through accepted", body: func(tok string) string { return with(tok, n, "pass_through", "1", "payload", "x", "title", "-") }, code: xiaomi.CodeOK},
		{name: "payload over 4 KB", body: func(tok string) string { return with(tok, n, "payload", strings.Repeat("p", 4097)) }, code: xiaomi.CodeParamInvalid},
		{name: "notify_type 8", body: func(tok string) string { return with(tok, n, "notify_type", "8") }, code: xiaomi.CodeParamInvalid},
		{name: "notify_id not a number", body: func(tok string) string { return with(tok, n, "notify_id", "x") }, code: xiaomi.CodeParamInvalid},
		{name: "time_to_live over two weeks", body: func(tok string) string { return with(tok, n, "time_to_live", "1209600001") }, code: xiaomi.CodeParamInvalid},
		{name: "time_to_send 8 days ahead", body: func(tok string) string { return with(tok, n, "time_to_send", future(8*24*time.Hour)) }, code: xiaomi.CodeParamInvalid},
		{name: "time_to_send 6 days ahead", body: func(tok string) string { return with(tok, n, "time_to_send", future(6*24*time.Hour)) }, code: xiaomi.CodeOK},
		{name: "notify_effect 4", body: func(tok string) string { return with(tok, n, "extra.notify_effect", "4") }, code: xiaomi.CodeParamInvalid},
		{name: "notify_effect 2 without intent_uri", body: func(tok string) string { return with(tok, n, "extra.notify_effect", "2") }, code: xiaomi.CodeParamMissing},
		{name: "notify_effect 2 bad intent_uri", body: func(tok string) string {
			return with(tok, n, "extra.notify_effect", "2", "extra.intent_uri", "com.example.chat.Chat")
		}, code: xiaomi.CodeParamInvalid},
		{name: "notify_effect 3 without web_uri", body: func(tok string) string { return with(tok, n, "extra.notify_effect", "3") }, code: xiaomi.CodeParamMissing},
		{name: "notify_effect 3 ftp", body: func(tok string) string {
			return with(tok, n, "extra.notify_effect", "3", "extra.web_uri", "ftp://example.com")
		}, code: xiaomi.CodeParamInvalid},
		{name: "eleven custom extras", body: func(tok string) string {
			kv := []string{}
			for i := range 11 {
				kv = append(kv, "extra.k"+strconv.Itoa(i), "v")
			}
			return with(tok, n, kv...)
		}, code: xiaomi.CodeParamInvalid},
		{name: "ten custom extras", body: func(tok string) string {
			kv := []string{}
			for i := range 10 {
				kv = append(kv, "extra.k"+strconv.Itoa(i), "v")
			}
			return with(tok, n, kv...)
		}, code: xiaomi.CodeOK},
		{name: "jobkey of 13", body: func(tok string) string { return with(tok, n, "extra.jobkey", strings.Repeat("j", 13)) }, code: xiaomi.CodeParamInvalid},
		{name: "unregistered callback", body: func(tok string) string { return with(tok, n, "extra.callback", "http://elsewhere.example/cb") }, code: xiaomi.CodeParamInvalid},
		{name: "callback.type without callback", body: func(tok string) string { return with(tok, n, "extra.callback.type", "3") }, code: xiaomi.CodeParamMissing},
		{name: "callback.type 0", body: func(tok string) string {
			return with(tok, n, "extra.callback", callback, "extra.callback.type", "0")
		}, code: xiaomi.CodeParamInvalid},
		{name: "unreadable form", body: func(string) string { return "registration_id=%zz" }, code: xiaomi.CodeBadRequest},
		{name: "body over 1 MB", body: func(tok string) string { return with(tok, n, "payload", strings.Repeat("p", 1<<20)) }, code: xiaomi.CodeRequestTooLong},
		{name: "GET on a push path", method: http.MethodGet, body: func(string) string { return "" }, code: xiaomi.CodeMethodNotAllowed},
		{name: "statistics not mocked", method: http.MethodGet, path: "/v1/stats/message/counters", body: func(string) string { return "" }, code: xiaomi.CodeAPINotFound},
		{name: "schedule job not mocked", path: "/v2/schedule_job/exist", body: func(string) string { return "job_id=x" }, code: xiaomi.CodeAPINotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				app := theApp
				app.CallbackURLs = []string{callback}
				other := mockvendors.App{ID: "2882303761517520002", Secret: "other", Package: "com.other"}
				e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{app, other}}, tc.opts...)
				_, tok := e.phone("alice")
				method, path, auth := tc.method, tc.path, tc.auth
				if method == "" {
					method = http.MethodPost
				}
				if path == "" {
					path = xiaomi.PathRegID
				}
				switch auth {
				case "":
					auth = "key=" + secret
				case "-":
					auth = ""
				}
				r := e.raw(method, path, auth, tc.body(tok))
				if r.Code != tc.code {
					t.Fatalf("code = %d (%s: %s), want %d", r.Code, r.Description, r.Reason, tc.code)
				}
				if !traceIDPattern.MatchString(r.TraceID) {
					t.Errorf("trace_id %q has the wrong shape", r.TraceID)
				}
				if tc.code == xiaomi.CodeOK {
					if r.Result != "ok" || !msgIDPattern.MatchString(r.Send().ID) {
						t.Errorf("success shape: %+v", r)
					}
					return
				}
				if r.Result != "error" || r.Description == "" || r.Reason == "" || r.Data != nil {
					t.Errorf("failure shape: %+v", r)
				}
				if n := e.srv.Messages().Len(); n != 0 {
					t.Errorf("a refused call recorded %d messages", n)
				}
			})
		})
	}
}

func TestMixedTargets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		other := mockvendors.App{ID: "2882303761517520002", Key: "k", Secret: "other", Package: "com.other"}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}})
		_, good := e.phone("alice")
		_, gone := e.phone("bob")
		e.srv.Hub().Unregister(gone)
		otherTok := e.Register(e.Dial("carol"), registerReq("com.other", "2882303761517520002", "k", "carol")).Token
		r := e.push(note("Bob", "hi"), good, gone, otherTok, unknownRegID, good)
		if !r.OK() || r.Info != "Received push messages for 1 REGID" {
			t.Fatalf("response = %+v, want ok for the one valid target", r)
		}
		if n := e.srv.Messages().Len(); n != 1 {
			t.Errorf("recorded %d messages, want 1", n)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if n := len(e.Events("vendor.deliver")); n != 1 {
			t.Errorf("%d deliveries, want 1", n)
		}
	})
}

func TestDailyQuota(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, xiaomi.WithDailyQuota(3))
		_, a := e.phone("alice")
		_, b := e.phone("bob")
		r := e.push(note("t", "1"), a, b)
		if d := r.Send(); !r.OK() || d.DayQuota != "3" || d.DayAcked != "2" {
			t.Fatalf("first push = %+v data %+v, want day_quota 3 day_acked 2", r, d)
		}
		if r := e.push(note("t", "2"), a, b); r.Code != xiaomi.CodeDailyQuota || r.Result != "error" {
			t.Fatalf("two more targets with one left = %+v, want 200002", r)
		}
		if r := e.push(note("t", "3"), a); !r.OK() || r.Send().DayAcked != "3" {
			t.Fatalf("the last one = %+v", r)
		}
		if r := e.push(note("t", "4"), a); r.Code != xiaomi.CodeDailyQuota {
			t.Fatalf("over the quota = %+v", r)
		}
		time.Sleep(24 * time.Hour)
		if r := e.push(note("t", "5"), a); !r.OK() || r.Send().DayAcked != "1" {
			t.Fatalf("next day = %+v", r)
		}
	})
}

func TestRateLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  xiaomi.Option
		code int
	}{
		{"per app", xiaomi.WithRequestRateLimit(2, time.Second), xiaomi.CodeAppRateLimited},
		{"per IP", xiaomi.WithIPRateLimit(2, time.Second), xiaomi.CodeIPRateLimited},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opt)
				_, tok := e.phone("alice")
				for range 2 {
					if r := e.push(note("t", "c"), tok); !r.OK() {
						t.Fatalf("within the limit: %+v", r)
					}
				}
				if r := e.push(note("t", "c"), tok); r.Code != tc.code {
					t.Fatalf("third call = %+v, want %d", r, tc.code)
				}
				time.Sleep(time.Second)
				if r := e.push(note("t", "c"), tok); !r.OK() {
					t.Fatalf("after the window: %+v", r)
				}
			})
		})
	}
}

func TestMsgIDsAreDeterministic(t *testing.T) {
	run := func() []string {
		var ids []string
		synctest.Test(t, func(t *testing.T) {
			e := newEnv(t, mockvendors.Config{Seed: 42})
			_, tok := e.phone("alice")
			for _, c := range []string{"a", "b", "a"} {
				r := e.push(note("t", c), tok)
				ids = append(ids, r.Send().ID, r.TraceID)
			}
		})
		return ids
	}
	first, second := run(), run()
	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Fatalf("IDs differ between runs: %v vs %v", first, second)
	}
	if first[0] == first[4] || first[1] == first[5] {
		t.Fatalf("the same content twice got one ID: %v", first)
	}
	if !strings.HasPrefix(first[0], "scm") {
		t.Fatalf("a regId push's msgId %q does not start with scm", first[0])
	}
}

func TestRecorderEntries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		time.Sleep(90 * time.Second)
		msg := note("Bob", "hi there")
		msg.Extra[xiaomi.ExtraNotifyEffect] = xiaomi.EffectIntent
		msg.Extra[xiaomi.ExtraIntentURI] = "intent:#Intent;component=com.example.chat/.ChatActivity;S.conv=c2c_bob;end"
		msg.Extra["ext"] = `{"conv":"c2c_bob"}`
		r := e.push(msg, tok)
		got := e.srv.Messages().List()
		if len(got) != 1 {
			t.Fatalf("recorded %d", len(got))
		}
		m := got[0]
		if m.Token != tok || m.Title != "Bob" || m.Body != "hi there" || m.MsgID != r.Send().ID ||
			m.ReceivedAt != "2000-01-01T00:01:30Z" || m.Vendor != "xiaomi" || m.AppID != appID || m.Path != xiaomi.PathRegID {
			t.Errorf("entry = %+v", m)
		}
		if m.Click.Action != "open_activity" || m.Click.Activity != "com.example.chat.ChatActivity" ||
			m.Click.Extras["ext"] != `{"conv":"c2c_bob"}` || m.Click.Extras["conv"] != "c2c_bob" {
			t.Errorf("click = %+v", m.Click)
		}
		if m.Params["registration_id"] != tok || m.Params["extra.channel_id"] != channel {
			t.Errorf("params = %v", m.Params)
		}
		for _, v := range m.Params {
			if strings.Contains(v, secret) {
				t.Errorf("params leak the secret: %v", m.Params)
			}
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
