package fakeim

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// textBody is a valid MsgBody.
var textBody = []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": "hi"}}}

func TestRESTErrors(t *testing.T) {
	type query func(e *env, q url.Values)
	sigFor := func(app uint64, key, user string, expire time.Duration, back time.Duration) query {
		return func(e *env, q url.Values) {
			s, _ := usersig.Gen(app, key, user, expire, time.Now().Add(-back))
			q.Set("usersig", s)
		}
	}
	tests := []struct {
		name  string
		cmd   string
		query query
		body  any
		want  int
	}{
		// The envelope and the query.
		{"ok", "im_open_login_svc/account_import", nil, map[string]any{"UserID": "bob"}, 0},
		{"unknown command", "openim/nosuchthing", nil, map[string]any{}, CodeBadResource},
		{"sdkappid missing", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Del("sdkappid") }, map[string]any{"UserID": "bob"}, CodeMissingSDKAppID},
		{"sdkappid wrong", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Set("sdkappid", "1400000999") }, map[string]any{"UserID": "bob"}, CodeInvalidSDKAppID},
		{"sdkappid garbage", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Set("sdkappid", "x") }, map[string]any{"UserID": "bob"}, CodeInvalidSDKAppID},
		{"identifier missing", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Del("identifier") }, map[string]any{"UserID": "bob"}, CodeBadAccount},
		{"usersig missing", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Del("usersig") }, map[string]any{"UserID": "bob"}, usersig.CodeEmpty},
		{"usersig garbage", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Set("usersig", "eJyrVg") }, map[string]any{"UserID": "bob"}, usersig.CodeMalformed},
		{"usersig expired", "im_open_login_svc/account_import", sigFor(DefaultSDKAppID, testKey, DefaultAdmin, time.Hour, 2*time.Hour), map[string]any{"UserID": "bob"}, usersig.CodeExpired},
		{"usersig wrong key", "im_open_login_svc/account_import", sigFor(DefaultSDKAppID, "wrong", DefaultAdmin, time.Hour, 0), map[string]any{"UserID": "bob"}, usersig.CodeVerifyFailed},
		{"usersig for another user", "im_open_login_svc/account_import", sigFor(DefaultSDKAppID, testKey, "bob", time.Hour, 0), map[string]any{"UserID": "bob"}, usersig.CodeIdentifierMismatch},
		{"usersig for another app", "im_open_login_svc/account_import", sigFor(1400000999, testKey, DefaultAdmin, time.Hour, 0), map[string]any{"UserID": "bob"}, usersig.CodeSDKAppIDMismatch},
		{"not the admin", "im_open_login_svc/account_import", func(e *env, q url.Values) {
			s, _ := e.srv.GenUserSig("bob", time.Hour)
			q.Set("identifier", "bob")
			q.Set("usersig", s)
		}, map[string]any{"UserID": "bob"}, CodeNeedAdmin},
		{"random not uint32", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Set("random", "4294967296") }, map[string]any{"UserID": "bob"}, CodeHTTPParse},
		{"contenttype not json", "im_open_login_svc/account_import", func(e *env, q url.Values) { q.Set("contenttype", "xml") }, map[string]any{"UserID": "bob"}, CodeHTTPParse},

		// Account commands.
		{"import: bad JSON", "im_open_login_svc/account_import", nil, "{", CodeJSONParse},
		{"import: legacy Identifier", "im_open_login_svc/account_import", nil, map[string]any{"Identifier": "bob"}, 0},
		{"import: no UserID", "im_open_login_svc/account_import", nil, map[string]any{"Nick": "x"}, CodeInvalidParam},
		{"import: UserID not a string", "im_open_login_svc/account_import", nil, map[string]any{"UserID": 7}, CodeAccountNotString},
		{"import: UserID too long", "im_open_login_svc/account_import", nil, map[string]any{"UserID": strings.Repeat("x", 33)}, CodeInvalidParam},
		{"multi: empty", "im_open_login_svc/multiaccount_import", nil, map[string]any{"Accounts": []string{}}, CodeInvalidParam},
		{"multi: not an array", "im_open_login_svc/multiaccount_import", nil, map[string]any{"AccountList": "x"}, CodeInvalidParam},
		{"multi: over 100", "im_open_login_svc/multiaccount_import", nil, map[string]any{"Accounts": make([]string, 101)}, CodeInvalidParam},
		{"check: missing", "im_open_login_svc/account_check", nil, map[string]any{}, CodeInvalidParam},
		{"delete: bad item", "im_open_login_svc/account_delete", nil, map[string]any{"DeleteItem": []any{"bob"}}, CodeInvalidParam},
		{"kick: not imported", "im_open_login_svc/kick", nil, map[string]any{"UserID": "nobody"}, CodeAccountNotFound},
		{"kick: missing", "im_open_login_svc/kick", nil, map[string]any{}, CodeInvalidParam},
		{"status: over 500", "openim/query_online_status", nil, map[string]any{"To_Account": make([]string, 501)}, CodeInvalidParam},
		{"status: not strings", "openim/query_online_status", nil, map[string]any{"To_Account": []int{1}}, CodeAccountNotString},
		{"status: bad IsNeedDetail", "openim/query_online_status", nil, map[string]any{"To_Account": []string{"alice"}, "IsNeedDetail": 3}, CodeInvalidParam},

		// Message commands.
		{"sendmsg: ok", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody}, 0},
		{"sendmsg: bad JSON", "openim/sendmsg", nil, `{"To_Account":`, CodeMsgJSONParse},
		{"sendmsg: body over 8 KB", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "CloudCustomData": strings.Repeat("x", 9000)}, CodeBodyTooLong},
		{"sendmsg: no MsgRandom", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgBody": textBody}, CodeMsgRandomInvalid},
		{"sendmsg: MsgRandom a string", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": "1", "MsgBody": textBody}, CodeMsgRandomInvalid},
		{"sendmsg: no To_Account", "openim/sendmsg", nil, map[string]any{"MsgRandom": 1, "MsgBody": textBody}, CodeToAccountInvalid},
		{"sendmsg: To_Account a number", "openim/sendmsg", nil, map[string]any{"To_Account": 5, "MsgRandom": 1, "MsgBody": textBody}, CodeToAccountInvalid},
		{"sendmsg: To_Account not imported", "openim/sendmsg", nil, map[string]any{"To_Account": "nobody", "MsgRandom": 1, "MsgBody": textBody}, CodeToNotRegistered},
		{"sendmsg: From_Account unknown", "openim/sendmsg", nil, map[string]any{"From_Account": "nobody", "To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody}, CodeFromAccount},
		{"sendmsg: From_Account a number", "openim/sendmsg", nil, map[string]any{"From_Account": 1, "To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody}, CodeFromAccount},
		{"sendmsg: MsgBody missing", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1}, CodeMsgBodyNotArray},
		{"sendmsg: MsgBody an object", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": map[string]any{}}, CodeMsgBodyNotArray},
		{"sendmsg: MsgBody empty", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{}}, CodeMsgBodyMalformed},
		{"sendmsg: element not an object", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{"hi"}}, CodeMsgBodyMalformed},
		{"sendmsg: element without MsgContent", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{map[string]any{"MsgType": "TIMTextElem"}}}, CodeMsgBodyMalformed},
		{"sendmsg: unknown element", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{map[string]any{"MsgType": "TIMHoloElem", "MsgContent": map[string]any{}}}}, CodeElemInvalid},
		{"sendmsg: text without Text", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{}}}}, CodeElemInvalid},
		{"sendmsg: custom Data a number", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": []any{map[string]any{"MsgType": "TIMCustomElem", "MsgContent": map[string]any{"Data": 1}}}}, CodeElemInvalid},
		{"sendmsg: MsgLifeTime over 7 days", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "MsgLifeTime": 604801}, CodeLifeTimeTooLong},
		{"sendmsg: MsgLifeTime a string", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "MsgLifeTime": "1"}, CodeLifeTimeNotInteger},
		{"sendmsg: MsgTimeStamp a string", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "MsgTimeStamp": "x"}, CodeMsgTimeStamp},
		{"sendmsg: SyncOtherMachine a string", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "SyncOtherMachine": "2"}, CodeSyncOtherMachine},
		{"sendmsg: OfflinePushInfo malformed", "openim/sendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody, "OfflinePushInfo": map[string]any{"Title": 5}}, CodeMsgJSONParse},
		{"batch: over 500", "openim/batchsendmsg", nil, map[string]any{"To_Account": make([]string, 501), "MsgRandom": 1, "MsgBody": textBody}, CodeBatchTooLarge},
		{"batch: To_Account a string", "openim/batchsendmsg", nil, map[string]any{"To_Account": "alice", "MsgRandom": 1, "MsgBody": textBody}, CodeToAccountInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, Config{}, func(e *env) {
				e.srv.ImportAccount("alice")
				q := e.adminQuery()
				if tt.query != nil {
					tt.query(e, q)
				}
				r := e.restQ(tt.cmd, q, tt.body)
				if r.code() != tt.want {
					t.Fatalf("ErrorCode = %d (%v), want %d", r.code(), r["ErrorInfo"], tt.want)
				}
				wantStatus := "OK"
				if tt.want != 0 {
					wantStatus = "FAIL"
				}
				if r["ActionStatus"] != wantStatus {
					t.Fatalf("ActionStatus = %v, want %s", r["ActionStatus"], wantStatus)
				}
				if _, ok := r["ErrorInfo"].(string); !ok {
					t.Fatalf("ErrorInfo missing: %v", r)
				}
				if tt.want != 0 && strings.Contains(jsonString(r), testKey) {
					t.Fatal("the secret key leaked into an answer")
				}
			})
		})
	}
}

func TestRESTMethodAndKickedAdmin(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		status, body := e.do(http.MethodGet, "/v4/openim/sendmsg?"+e.adminQuery().Encode(), "")
		if status != http.StatusOK || !strings.Contains(string(body), `"ErrorCode":60002`) {
			t.Fatalf("GET = %d %s", status, body)
		}
		q := e.adminQuery()
		time.Sleep(2 * time.Second)
		if r := e.rest("im_open_login_svc/kick", map[string]string{"UserID": DefaultAdmin}); !r.ok() {
			t.Fatalf("kick admin: %v", r)
		}
		if r := e.restQ("im_open_login_svc/account_import", q, map[string]string{"UserID": "x"}); r.code() != usersig.CodeExpired {
			t.Fatalf("admin sig from before the kick = %v, want 70001", r)
		}
		if r := e.rest("im_open_login_svc/account_import", map[string]string{"UserID": "x"}); !r.ok() {
			t.Fatalf("fresh admin sig: %v", r)
		}
	})
}

func TestRESTAccounts(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		r := e.rest("im_open_login_svc/multiaccount_import", map[string]any{"Accounts": []string{"a1", "a2", strings.Repeat("z", 40)}})
		if !r.ok() || jsonString(r["FailAccounts"]) != `["`+strings.Repeat("z", 40)+`"]` {
			t.Fatalf("multiaccount_import (old) = %v", r)
		}
		r = e.rest("im_open_login_svc/multiaccount_import", map[string]any{"AccountList": []any{map[string]any{"UserID": "a3", "Nick": "A"}}})
		if !r.ok() || jsonString(r["FailAccounts"]) != `[]` {
			t.Fatalf("multiaccount_import (new) = %v", r)
		}
		r = e.rest("im_open_login_svc/account_check", map[string]any{"CheckItem": []any{map[string]any{"UserID": "a1"}, map[string]any{"UserID": "nope"}}})
		want := `[{"AccountStatus":"Imported","ResultCode":0,"ResultInfo":"","UserID":"a1"},{"AccountStatus":"NotImported","ResultCode":0,"ResultInfo":"","UserID":"nope"}]`
		if got := jsonString(r["ResultItem"]); !r.ok() || got != want {
			t.Fatalf("account_check = %s", got)
		}
		r = e.rest("im_open_login_svc/account_delete", map[string]any{"DeleteItem": []any{map[string]any{"UserID": "a1"}, map[string]any{"UserID": "nope"}}})
		want = `[{"ResultCode":0,"ResultInfo":"","UserID":"a1"},{"ResultCode":70107,"ResultInfo":"account is not imported","UserID":"nope"}]`
		if got := jsonString(r["ResultItem"]); !r.ok() || got != want {
			t.Fatalf("account_delete = %s", got)
		}
		if e.srv.HasAccount("a1") {
			t.Fatal("a1 still imported")
		}
	})
}

func TestRESTOnlineStatus(t *testing.T) {
	bubble(t, Config{LoginPolicy: PolicyMulti}, func(e *env) {
		e.srv.ImportAccount("idle")
		a := e.dial("a-phone")
		a.loginAs("alice", "Android")
		b := e.dial("b-phone")
		b.loginAs("bob", "Android")
		b.kill()
		body := map[string]any{"To_Account": []string{"alice", "bob", "idle", "ghost"}, "IsNeedDetail": 1}
		r := e.rest("openim/query_online_status", body)
		want := `[{"Detail":[{"Platform":"Android","Status":"Online"}],"Status":"Online","To_Account":"alice"},` +
			`{"Detail":[{"Platform":"Android","Status":"PushOnline"}],"Status":"PushOnline","To_Account":"bob"},` +
			`{"Status":"Offline","To_Account":"idle"}]`
		if got := jsonString(r["QueryResult"]); got != want {
			t.Fatalf("QueryResult = %s\nwant %s", got, want)
		}
		if got := jsonString(r["ErrorList"]); got != `[{"ErrorCode":70107,"To_Account":"ghost"}]` {
			t.Fatalf("ErrorList = %s", got)
		}
		r = e.rest("openim/querystate", map[string]any{"To_Account": []string{"alice"}})
		if got := jsonString(r["QueryResult"]); got != `[{"State":"Online","To_Account":"alice"}]` {
			t.Fatalf("querystate = %s", got)
		}
	})
}

func TestRESTSendMsgResponse(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.srv.ImportAccount("alice")
		e.srv.ImportAccount("bob")
		body := map[string]any{"From_Account": "bob", "To_Account": "alice", "MsgRandom": 31906, "MsgBody": textBody}
		r := e.rest("openim/sendmsg", body)
		if !r.ok() || r["MsgKey"] != "31906_1_946684800" || r["MsgTime"] != float64(946684800) {
			t.Fatalf("sendmsg = %v", r)
		}
		// The same sender, MsgRandom and content within 120 s is a duplicate.
		if again := e.rest("openim/sendmsg", body); again["MsgKey"] != r["MsgKey"] {
			t.Fatalf("duplicate got a new key: %v", again)
		}
		time.Sleep(dedupWindow)
		if later := e.rest("openim/sendmsg", body); later["MsgKey"] == r["MsgKey"] {
			t.Fatalf("send after the dedup window reused the key: %v", later)
		}
		r = e.rest("openim/batchsendmsg", map[string]any{"To_Account": []string{"alice", "ghost", "bob"}, "MsgRandom": 7, "MsgBody": textBody})
		if !r.ok() || jsonString(r["ErrorList"]) != `[{"ErrorCode":70107,"To_Account":"ghost"}]` || !strings.HasPrefix(r["MsgKey"].(string), "7_") {
			t.Fatalf("batchsendmsg = %v", r)
		}
		if n := len(e.routes(r["MsgKey"].(string))); n != 2 {
			t.Fatalf("batch routes = %d, want 2 (one per imported receiver)", n)
		}
	})
}

// TestRESTSendMsgDedupPerConversation: the same sender, MsgRandom and
// content to two receivers are two messages; every one of many sends is
// accepted under its own key, and the dedup index holds only the window.
func TestRESTSendMsgDedupPerConversation(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.srv.ImportAccount("bob")
		const users, sends = 20, 400
		for i := range users {
			e.srv.ImportAccount(fmt.Sprintf("u%03d", i))
		}
		keys := map[string]bool{}
		for i := range sends {
			// Randoms repeat across receivers, as 32-bit randoms of a big
			// fleet do: only the conversation tells the messages apart.
			body := map[string]any{"From_Account": "bob", "To_Account": fmt.Sprintf("u%03d", i%users), "MsgRandom": i / users, "MsgBody": textBody}
			r := e.rest("openim/sendmsg", body)
			key, _ := r["MsgKey"].(string)
			if !r.ok() || keys[key] {
				t.Fatalf("send %d: %v (key seen before: %v)", i, r, keys[key])
			}
			keys[key] = true
			time.Sleep(time.Second) // virtual: 400 s in all, the window is 120 s
		}
		if n := e.srv.dedupLen(); n > 121 {
			t.Fatalf("the dedup index holds %d keys, want at most the 120 s window's", n)
		}
	})
}

// TestRESTSendMsgDedupCap: past MaxDedupKeys the oldest key is forgotten
// early, so the index stays bounded at any rate, while a resend of a
// message still held keeps its first MsgKey.
func TestRESTSendMsgDedupCap(t *testing.T) {
	bubble(t, Config{MaxDedupKeys: 50}, func(e *env) {
		e.srv.ImportAccount("bob")
		e.srv.ImportAccount("alice")
		send := func(i int) string {
			r := e.rest("openim/sendmsg", map[string]any{"From_Account": "bob", "To_Account": "alice", "MsgRandom": i, "MsgBody": textBody})
			if !r.ok() {
				t.Fatalf("send %d: %v", i, r)
			}
			return r["MsgKey"].(string)
		}
		first := map[int]string{}
		for i := range 200 { // all within one virtual second: far inside the 120 s window
			first[i] = send(i)
		}
		if n := e.srv.dedupLen(); n > 50 {
			t.Fatalf("the dedup index holds %d keys, want at most MaxDedupKeys 50", n)
		}
		if again := send(199); again != first[199] {
			t.Errorf("a resend of a held message got %s, want its first key %s", again, first[199])
		}
		if again := send(0); again == first[0] {
			t.Errorf("a resend of a forgotten message got its old key %s, want a new one", again)
		}
	})
}

// TestGenUserSigReuse: a user's UserSig is handed out again until half its
// lifetime has passed or a kick invalidated it.
func TestGenUserSigReuse(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.srv.ImportAccount("alice")
		first, err := e.srv.GenUserSig("alice", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(29 * time.Minute)
		if again, _ := e.srv.GenUserSig("alice", time.Hour); again != first {
			t.Error("a fresh UserSig within half the lifetime")
		}
		if other, _ := e.srv.GenUserSig("alice", 2*time.Hour); other == first {
			t.Error("another lifetime got the cached UserSig")
		}
		time.Sleep(2 * time.Minute)
		if later, _ := e.srv.GenUserSig("alice", time.Hour); later == first {
			t.Error("the cached UserSig outlived half its lifetime")
		}
		sig, _ := e.srv.GenUserSig("alice", time.Hour)
		time.Sleep(time.Second)
		if r := e.rest("im_open_login_svc/kick", map[string]any{"UserID": "alice"}); !r.ok() {
			t.Fatalf("kick: %v", r)
		}
		time.Sleep(time.Second)
		if after, _ := e.srv.GenUserSig("alice", time.Hour); after == sig {
			t.Error("the kick's invalidated UserSig was handed out again")
		}
	})
}
