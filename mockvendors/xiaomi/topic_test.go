package xiaomi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

func TestAliasAndAccountPushes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		dev, tok := e.phone("alice")
		if err := e.srv.SetAlias(tok, "alice"); err != nil {
			t.Fatal(err)
		}
		if err := e.srv.SetUserAccount(tok, "uid-1"); err != nil {
			t.Fatal(err)
		}
		if err := e.srv.SetAlias(unknownRegID, "x"); !errors.Is(err, xiaomi.ErrUnknownRegID) {
			t.Fatalf("SetAlias on an unknown regId = %v", err)
		}
		byAlias, err := e.client.SendToAliases(context.Background(), secret, []string{"alice", "nobody"}, note("t", "a"))
		if err != nil || !byAlias.OK() || !strings.HasPrefix(byAlias.Send().ID, "acm") || byAlias.Info != "Received push messages for 1 ALIAS" {
			t.Fatalf("alias push = %+v, %v", byAlias, err)
		}
		f := note("t", "u").Form()
		f.Set("user_account", "uid-1")
		byAccount := e.call(http.MethodPost, xiaomi.PathUserAccount, f)
		if !byAccount.OK() || !strings.HasPrefix(byAccount.Send().ID, "ucm") {
			t.Fatalf("user_account push = %+v", byAccount)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		got := dev.Notices()
		if len(got) != 2 {
			t.Fatalf("notices = %+v", got)
		}
		var a, u xiaomi.DeviceMessage
		_ = json.Unmarshal(got[0].Payload, &a)
		_ = json.Unmarshal(got[1].Payload, &u)
		if a.Alias != "alice" || a.MessageType != xiaomi.MessageTypeAlias || u.UserAccount != "uid-1" || u.MessageType != xiaomi.MessageTypeAccount {
			t.Fatalf("MiPushMessages = %+v / %+v", a, u)
		}
		if m := e.srv.Messages().List(); m[0].Alias != "alice" || m[1].Alias != "uid-1" {
			t.Fatalf("recorded aliases %q %q", m[0].Alias, m[1].Alias)
		}
		if r := e.call(http.MethodGet, xiaomi.PathAliasAll, url.Values{"registration_id": {tok}, "restricted_package_name": {pkg}}); !r.OK() || strings.Join(r.List(), ",") != "alice" {
			t.Fatalf("alias/all = %+v", r)
		}
		if err := e.srv.UnsetAlias(tok, "alice"); err != nil {
			t.Fatal(err)
		}
		if r, _ := e.client.SendToAliases(context.Background(), secret, []string{"alice"}, note("t", "gone")); r.Code != xiaomi.CodeNoValidTargets {
			t.Fatalf("push to an unset alias = %+v, want 20301", r)
		}
	})
}

func TestTopics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		da, a := e.phone("alice")
		db, b := e.phone("bob")
		_, c := e.phone("carol")
		sub := func(path, field, names, topic string) xiaomi.Response {
			return e.call(http.MethodPost, path, url.Values{field: {names}, "topic": {topic}, "restricted_package_name": {pkg}})
		}
		if r := sub(xiaomi.PathTopicSubscribe, "registration_id", a+","+b+","+unknownRegID, "news"); !r.OK() {
			t.Fatalf("subscribe = %+v", r)
		}
		if r := sub(xiaomi.PathTopicSubscribe, "registration_id", b, "sports"); !r.OK() {
			t.Fatalf("subscribe = %+v", r)
		}
		if err := e.srv.SetAlias(c, "carol"); err != nil {
			t.Fatal(err)
		}
		if r := sub(xiaomi.PathTopicSubAlias, "aliases", "carol", "sports"); !r.OK() {
			t.Fatalf("subscribe by alias = %+v", r)
		}
		if r := sub(xiaomi.PathTopicSubscribe, "registration_id", unknownRegID, "news"); r.Code != xiaomi.CodeNoValidTargets {
			t.Fatalf("subscribe of nobody = %+v", r)
		}
		if r := e.call(http.MethodGet, xiaomi.PathTopicAll, url.Values{"registration_id": {b}, "restricted_package_name": {pkg}}); strings.Join(r.List(), ",") != "news,sports" {
			t.Fatalf("topic/all = %+v", r)
		}
		multi := func(op string) int {
			f := note("t", op).Form()
			f.Set("topics", "news;$;sports")
			f.Set("topic_op", op)
			r := e.call(http.MethodPost, xiaomi.PathMultiTopic, f)
			if r.Code == xiaomi.CodeNoValidTargets {
				return 0
			}
			if !r.OK() {
				t.Fatalf("multi_topic %s = %+v", op, r)
			}
			return len(e.srv.Messages().List())
		}
		before := 0
		for _, tc := range []struct {
			op   string
			want int
		}{{"UNION", 3}, {"INTERSECTION", 1}, {"EXCEPT", 1}} {
			got := multi(tc.op) - before
			before += got
			if got != tc.want {
				t.Errorf("%s reached %d devices, want %d", tc.op, got, tc.want)
			}
		}
		f := note("t", "x").Form()
		f.Set("topics", "a;$;b;$;c;$;d;$;e;$;f")
		if r := e.call(http.MethodPost, xiaomi.PathMultiTopic, f); r.Code != xiaomi.CodeParamInvalid {
			t.Fatalf("six topics = %+v", r)
		}
		f.Set("topics", "news")
		f.Set("topic_op", "XOR")
		if r := e.call(http.MethodPost, xiaomi.PathMultiTopic, f); r.Code != xiaomi.CodeParamInvalid {
			t.Fatalf("topic_op XOR = %+v", r)
		}
		if r := sub(xiaomi.PathTopicUnsubscribe, "registration_id", a, "news"); !r.OK() {
			t.Fatalf("unsubscribe = %+v", r)
		}
		f = note("t", "news").Form()
		f.Set("topic", "news")
		r := e.call(http.MethodPost, xiaomi.PathTopic, f)
		if !r.OK() || !strings.HasPrefix(r.Send().ID, "tcm") || r.Info != "Received push messages for 1 TOPIC" {
			t.Fatalf("topic push = %+v", r)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		last := db.Notices()
		var m xiaomi.DeviceMessage
		_ = json.Unmarshal(last[len(last)-1].Payload, &m)
		if m.Topic != "news" || m.MessageType != xiaomi.MessageTypeTopic {
			t.Fatalf("topic MiPushMessage = %+v", m)
		}
		if n := len(da.Notices()); n != 2 {
			t.Fatalf("alice got %d, want union and except only", n)
		}
	})
}

func TestBroadcastAndFeedback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		other := mockvendors.App{ID: "2882303761517520002", Key: "k", Secret: "other", Package: "com.other"}
		e := newEnv(t, mockvendors.Config{Apps: []mockvendors.App{theApp, other}}, xiaomi.WithLegacyFeedback())
		_, a := e.phone("alice")
		_, b := e.phone("bob")
		e.Register(e.Dial("carol"), registerReq("com.other", other.ID, "k", "carol"))
		e.srv.Hub().Unregister(b)
		r := e.call(http.MethodPost, xiaomi.PathAll, note("t", "all").Form())
		if !r.OK() || !strings.HasPrefix(r.Send().ID, "bcm") {
			t.Fatalf("all = %+v", r)
		}
		if got := e.srv.Messages().List(); len(got) != 1 || got[0].Token != a {
			t.Fatalf("broadcast reached %+v, want only alice (bob unregistered, carol another app)", got)
		}
		fb := e.call(http.MethodGet, xiaomi.PathInvalidRegIDs, nil)
		if !fb.OK() || strings.Join(fb.List(), ",") != b {
			t.Fatalf("fetch_invalid_regids = %+v, want [%s]", fb, b)
		}
		if again := e.call(http.MethodGet, xiaomi.PathInvalidRegIDs, nil); len(again.List()) != 0 || again.Data == nil {
			t.Fatalf("second fetch = %+v, want an empty list", again)
		}
	})
}

func TestRoutingAndHosts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		hosts := e.srv.Hosts()
		for _, want := range []string{"api.xmpush.xiaomi.com", "api.xmpush.global.xiaomi.com", "feedback.xmpush.xiaomi.com",
			"lg.api.xmpush.xiaomi.com", "c3.xmpush.xiaomi.com", "emq.xmpush.xiaomi.com",
			"sandbox.xmpush.xiaomi.com", "sgp-api.xmpush.global.xiaomi.com", "vip.api.xmpush.xiaomi.com"} {
			found := false
			for _, h := range hosts {
				found = found || h == want
			}
			if !found {
				t.Errorf("Hosts() lacks %s", want)
			}
		}
		hosts[0] = "changed"
		if e.srv.Hosts()[0] == "changed" {
			t.Error("Hosts() shares its slice")
		}
		if e.srv.Vendor() != "xiaomi" || !e.srv.HasApp(appID) || e.srv.HasApp("nope") {
			t.Error("Vendor/HasApp")
		}
		e.srv.AddApp(mockvendors.App{ID: "new", Secret: "fresh", Package: "com.fresh"})
		f := note("t", "c").Form()
		f.Set("restricted_package_name", "com.fresh")
		f.Set("registration_id", unknownRegID)
		if r, err := e.client.Call(context.Background(), http.MethodPost, xiaomi.PathRegID, f, "fresh"); err != nil || r.Code != xiaomi.CodeNoValidTargets {
			t.Fatalf("call as an added app = %+v, %v, want past authentication", r, err)
		}
	})
}

func TestDeviceSideSubscriptions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		if err := e.srv.SubscribeTopic(tok, "news"); err != nil {
			t.Fatal(err)
		}
		if r, err := e.client.SendToTopic(context.Background(), secret, "news", note("t", "c")); err != nil || !r.OK() {
			t.Fatalf("topic push after MiPushClient.subscribe = %+v, %v", r, err)
		}
		if err := e.srv.SetUserAccount(tok, "uid"); err != nil {
			t.Fatal(err)
		}
		if err := e.srv.UnsetUserAccount(tok, "uid"); err != nil {
			t.Fatal(err)
		}
		f := note("t", "c").Form()
		f.Set("user_account", "uid")
		if r := e.call(http.MethodPost, xiaomi.PathUserAccountV3, f); r.Code != xiaomi.CodeNoValidTargets {
			t.Fatalf("push to an unset account = %+v", r)
		}
		if err := e.srv.SubscribeTopic(tok, ""); err == nil {
			t.Fatal("an empty topic was accepted")
		}
	})
}
