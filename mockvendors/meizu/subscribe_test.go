package meizu_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
)

func TestAliasSubscription(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		sub := e.call("POST", meizu.PathSubscribeAlias, url.Values{"appId": {appID}, "pushId": {tok}, "alias": {"alice"}})
		if sub.Code != meizu.CodeOK || string(sub.Value) != `{"pushId":"`+tok+`","alias":"alice"}` {
			t.Fatalf("subscribeAlias = %+v (%s)", sub, sub.Value)
		}
		if got := e.call("GET", meizu.PathGetSubAlias, url.Values{"appId": {appID}, "pushId": {tok}}); string(got.Value) != string(sub.Value) {
			t.Fatalf("getSubAlias = %s", got.Value)
		}
		r, err := e.client.PushByAlias(t.Context(), appID, secret, []string{"alice", "nobody"}, note("Bob", "hi"))
		if err != nil {
			t.Fatal(err)
		}
		if f := r.Failed(); len(f) != 1 || len(f[meizu.CodeAliasUnsubscribed]) != 1 || f[meizu.CodeAliasUnsubscribed][0] != "nobody" {
			t.Fatalf("pushByAlias value = %v", f)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if got := dev.Notices(); len(got) != 1 || got[0].Token != tok {
			t.Fatalf("alias push delivered %+v", got)
		}
		if m := e.srv.Messages().List(); len(m) != 1 || m[0].Alias != "alice" || m[0].Token != tok {
			t.Fatalf("recorded %+v", m)
		}
		e.call("POST", meizu.PathUnSubscribeAlias, url.Values{"appId": {appID}, "pushId": {tok}})
		r, _ = e.client.PushByAlias(t.Context(), appID, secret, []string{"alice"}, note("Bob", "again"))
		if r.CodeFor("alice") != meizu.CodeAliasUnsubscribed {
			t.Fatalf("after unsubscribe: %+v", r)
		}
	})
}

func TestRegisterSwitches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		get := func() map[string]any {
			r := e.call("GET", meizu.PathGetRegisterSwitch, url.Values{"appId": {appID}, "pushId": {tok}})
			var v map[string]any
			if r.Code != meizu.CodeOK || json.Unmarshal(r.Value, &v) != nil {
				t.Fatalf("getRegisterSwitch = %+v", r)
			}
			return v
		}
		if v := get(); v["barTypeSwitch"] != 1.0 || v["directTypeSwitch"] != 1.0 || v["pushId"] != tok {
			t.Fatalf("default switches = %v", v)
		}
		e.call("POST", meizu.PathChangeRegisterSwitch, url.Values{"appId": {appID}, "pushId": {tok}, "msgType": {"1"}, "subSwitch": {"0"}})
		if v := get(); v["barTypeSwitch"] != 1.0 || v["directTypeSwitch"] != 0.0 {
			t.Fatalf("after switching pass-through off = %v", v)
		}
		e.call("POST", meizu.PathChangeAllSwitch, url.Values{"appId": {appID}, "pushId": {tok}, "subSwitch": {"0"}})
		if c := e.push(note("t", "c"), tok).CodeFor(tok); c != meizu.CodeRateLimited {
			t.Fatalf("push to a switched-off PushId = %s, want per-target 110010", c)
		}
		e.call("POST", meizu.PathChangeAllSwitch, url.Values{"appId": {appID}, "pushId": {tok}, "subSwitch": {"true"}})
		if c := e.push(note("t", "c"), tok).CodeFor(tok); c != meizu.CodeOK {
			t.Fatalf("after switching back on = %s", c)
		}
	})
}

func TestSubscriptionErrors(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		params url.Values
		code   string
	}{
		{"no pushId", meizu.PathGetSubAlias, url.Values{"appId": {appID}}, meizu.CodeParamEmpty},
		{"illegal pushId", meizu.PathGetSubAlias, url.Values{"appId": {appID}, "pushId": {"x y"}}, meizu.CodePushIDIllegal},
		{"unknown pushId", meizu.PathGetRegisterSwitch, url.Values{"appId": {appID}, "pushId": {wellFormedID}}, meizu.CodePushIDUnregistered},
		{"no alias", meizu.PathSubscribeAlias, url.Values{"appId": {appID}, "pushId": {"$TOKEN"}}, meizu.CodeParamEmpty},
		{"alias too long", meizu.PathSubscribeAlias, url.Values{"appId": {appID}, "pushId": {"$TOKEN"}, "alias": {string(make([]rune, 61))}}, meizu.CodeParamError},
		{"bad switch", meizu.PathChangeRegisterSwitch, url.Values{"appId": {appID}, "pushId": {"$TOKEN"}, "msgType": {"0"}, "subSwitch": {"2"}}, meizu.CodeParamError},
		{"missing msgType", meizu.PathChangeRegisterSwitch, url.Values{"appId": {appID}, "pushId": {"$TOKEN"}, "subSwitch": {"1"}}, meizu.CodeParamEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				_, tok := e.phone("alice")
				if tc.params.Get("pushId") == "$TOKEN" {
					tc.params.Set("pushId", tok)
				}
				method := "POST"
				if tc.path == meizu.PathGetSubAlias || tc.path == meizu.PathGetRegisterSwitch {
					method = "GET"
				}
				if r := e.call(method, tc.path, tc.params); r.Code != tc.code {
					t.Fatalf("code = %s (%s), want %s", r.Code, r.Message, tc.code)
				}
			})
		})
	}
}

func TestRoutingAndHosts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		hosts := e.srv.Hosts()
		want := map[string]bool{"server-api-push.meizu.com": true, "api-push.meizu.com": true,
			"server-api-push.in.meizu.com": true, "api-push.in.meizu.com": true}
		if len(hosts) != len(want) {
			t.Fatalf("Hosts() = %v", hosts)
		}
		for _, h := range hosts {
			if !want[h] {
				t.Errorf("unexpected host %s", h)
			}
		}
		r := e.raw("/garcia/api/server/push/pushTask/getTaskId", url.Values{})
		if r.Code != meizu.CodeOther {
			t.Fatalf("unmocked path = %+v", r)
		}
		get, err := e.HC.Get(apiURL + meizu.PathPushByPushID)
		if err != nil {
			t.Fatal(err)
		}
		get.Body.Close()
		if get.StatusCode != http.StatusMethodNotAllowed {
			t.Fatalf("GET on a POST path = %d, want 405", get.StatusCode)
		}
		if e.srv.Vendor() != "meizu" || e.srv.HasApp("nope") || !e.srv.HasApp(appID) {
			t.Fatal("Vendor/HasApp wrong")
		}
		e.srv.AddApp(mockvendors.App{ID: "777", Secret: "x"})
		if !e.srv.HasApp("777") {
			t.Fatal("AddApp did not add")
		}
	})
}
