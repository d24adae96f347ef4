package oppo_test

import (
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestSaveAndBroadcast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		alice, a := e.phone("alice")
		bob, _ := e.phone("bob")
		ctx := t.Context()
		n := *note("News", "today")
		n.ClickActionType, n.ClickActionURL = oppo.ClickURL, "https://example.com/news"
		saved, err := e.client.SaveMessageContent(ctx, creds, n)
		if err != nil || saved.Code != oppo.CodeOK {
			t.Fatalf("save = %+v %v", saved, err)
		}
		var sd oppo.SaveData
		if err := saved.DataAs(&sd); err != nil || sd.MessageID == "" {
			t.Fatalf("save data = %s", saved.Data)
		}
		all, err := e.client.Broadcast(ctx, creds, sd.MessageID, oppo.TargetAll, nil)
		if err != nil || all.Code != oppo.CodeOK {
			t.Fatalf("broadcast to all = %+v %v", all, err)
		}
		var bd oppo.BroadcastData
		if err := all.DataAs(&bd); err != nil || bd.MessageID != sd.MessageID || bd.TaskID == "" {
			t.Fatalf("broadcast data = %s", all.Data)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		for _, dev := range []struct {
			name  string
			notes []protocol.DeviceNotice
		}{{"alice", alice.Notices()}, {"bob", bob.Notices()}} {
			if len(dev.notes) != 1 || dev.notes[0].MsgID != bd.TaskID {
				t.Errorf("%s got %+v, want the broadcast %s", dev.name, dev.notes, bd.TaskID)
			}
		}
		some, err := e.client.Broadcast(ctx, creds, sd.MessageID, oppo.TargetRegID, []string{a, unknownRegID})
		if err != nil || some.Code != oppo.CodeOK {
			t.Fatalf("broadcast to regIds = %+v %v", some, err)
		}
		if err := some.DataAs(&bd); err != nil {
			t.Fatal(err)
		}
		drops := e.Events(trace.VendorDrop)
		if len(drops) != 1 || drops[0].Details["token"] != unknownRegID || drops[0].Reason != protocol.ReasonVendorTokenInvalid {
			t.Errorf("drops = %+v, want the unknown regId skipped", drops)
		}
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := alice.Notices(); len(got) != 1 || got[0].MsgID != bd.TaskID {
			t.Errorf("alice got %+v", got)
		}
		if got := bob.Notices(); len(got) != 0 {
			t.Errorf("bob got %+v, not targeted", got)
		}
	})
}

func TestBroadcastCodes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{}, oppo.WithDailyQuota(1))
		_, a := e.phone("alice")
		auth := e.token()
		saved := e.raw(http.MethodPost, oppo.PathSaveMessageContent, url.Values{"auth_token": {auth}, "title": {"t"}, "content": {"c"}, "click_action_type": {"0"}, "off_line": {"true"}}, nil)
		var sd oppo.SaveData
		if saved.Code != oppo.CodeOK || saved.DataAs(&sd) != nil {
			t.Fatalf("save = %+v", saved)
		}
		if r := e.raw(http.MethodPost, oppo.PathSaveMessageContent, url.Values{"auth_token": {auth}, "title": {"t"}}, nil); r.Code != oppo.CodeMissingArgument {
			t.Errorf("save without content: %+v", r)
		}
		tests := []struct {
			name string
			form url.Values
			code int
		}{
			{"no message_id", url.Values{"target_type": {"1"}}, oppo.CodeMissingArgument},
			{"unknown message_id", url.Values{"message_id": {"nope"}, "target_type": {"1"}}, oppo.CodeDataNotExist},
			{"bad target_type", url.Values{"message_id": {sd.MessageID}, "target_type": {"3"}}, oppo.CodeInvalidArgument},
			{"regIds missing", url.Values{"message_id": {sd.MessageID}, "target_type": {"2"}}, oppo.CodeMissingArgument},
			{"ok", url.Values{"message_id": {sd.MessageID}, "target_type": {"2"}, "target_value": {a}}, oppo.CodeOK},
			{"quota used up", url.Values{"message_id": {sd.MessageID}, "target_type": {"2"}, "target_value": {a}}, oppo.CodeDailyQuota},
		}
		for _, tc := range tests {
			tc.form.Set("auth_token", auth)
			if r := e.raw(http.MethodPost, oppo.PathBroadcast, tc.form, nil); r.Code != tc.code {
				t.Errorf("%s: code %d (%s), want %d", tc.name, r.Code, r.Message, tc.code)
			}
		}
	})
}

func TestFetchInvalidRegIDs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, a := e.phone("alice")
		_, b := e.phone("bob")
		e.srv.Hub().Unregister(b)
		r, err := e.client.Call(t.Context(), creds, http.MethodGet, oppo.PathFetchInvalidRegIDs, nil)
		if err != nil || r.Code != oppo.CodeOK {
			t.Fatalf("fetch = %+v %v", r, err)
		}
		var d oppo.InvalidRegIDData
		if err := r.DataAs(&d); err != nil || d.TotalCount != 1 || len(d.RegistrationIDs) != 1 || d.RegistrationIDs[0] != b {
			t.Fatalf("data = %s, want only %s (not %s)", r.Data, b, a)
		}
	})
}
