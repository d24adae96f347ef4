package fakeim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/protocol"
)

// imCodes are the codes a websocket answer may carry besides a login's
// UserSig and SDKAppID codes (70001-70999).
var imCodes = map[int]bool{
	protocol.CodeOK: true, protocol.CodeNotLoggedIn: true, protocol.CodeUserSigExpired: true,
	protocol.CodeKickedByOther: true, protocol.CodeInvalidArgument: true, protocol.CodeLoginInProgress: true,
}

// knownWSCode reports whether code may answer cmd.
func knownWSCode(cmd string, code int) bool {
	return imCodes[code] || (cmd == protocol.CmdLogin && code > 70000 && code < 71000)
}

// FuzzWSFrames sends one arbitrary frame over a real /im/ws connection,
// before or after a valid login: the server answers it with the request's
// command and sequence number (or an invalid-argument answer when the frame
// is not IM JSON) and a known code, and the socket still answers a
// heartbeat afterwards.
func FuzzWSFrames(f *testing.F) {
	for _, s := range []string{
		`{"cmd":"heartbeat","seq":1}`,
		`{"cmd":"login","seq":2,"data":{"sdkAppID":1400000000,"userID":"bob","userSig":"x","platform":"android","instanceID":"p"}}`,
		`{"cmd":"setOfflinePushConfig","seq":3,"data":{"businessID":6666,"token":"t"}}`,
		`{"cmd":"sendC2CMessage","seq":4,"data":{"to":"bob","elems":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}}`,
		`{"cmd":"setC2CReceiveMessageOpt","seq":5,"data":{"userIDs":["bob"],"opt":2}}`,
		`{"cmd":"doBackground","seq":6}`, `{"cmd":"logout","seq":7}`, `{"cmd":"nope","seq":8,"data":null}`,
		`{"cmd":"login","seq":9,"data":"x"}`, `{"seq":-1}`, `[]`, `{`, ``,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, frame []byte, login bool) {
		bubble(t, Config{}, func(e *env) {
			t := e.t
			d := e.dial("phone-1")
			if login {
				if r := d.loginAs("alice", "android"); r.Code != protocol.CodeOK {
					t.Fatalf("login: %d %s", r.Code, r.Desc)
				}
			}
			if err := d.ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				t.Fatal(err)
			}
			var sent protocol.IMFrame
			parsed := json.Unmarshal(frame, &sent) == nil
			select {
			case r, ok := <-d.resp:
				if !ok {
					t.Fatalf("connection closed after frame %q", frame)
				}
				if !knownWSCode(sent.Cmd, r.Code) {
					t.Fatalf("answer code %d to %q", r.Code, frame)
				}
				if !parsed && r.Code != protocol.CodeInvalidArgument {
					t.Fatalf("invalid frame %q answered %+v", frame, r)
				}
				if parsed && (r.Cmd != sent.Cmd || r.Seq != sent.Seq) {
					t.Fatalf("frame %q answered %+v", frame, r)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no answer to %q", frame)
			}
			d.seq = 1 << 40
			if r := d.call(protocol.CmdHeartbeat, nil); r.Code != protocol.CodeOK {
				t.Fatalf("heartbeat after %q: %+v", frame, r)
			}
		})
	})
}

// FuzzREST posts an arbitrary body to each /v4 command with the admin's
// valid query overridden by an arbitrary one: every answer is HTTP 200
// with the IM envelope (OK exactly when ErrorCode is 0, FAIL with an
// ErrorInfo), and a query whose credentials are not the admin's never
// succeeds.
func FuzzREST(f *testing.F) {
	cmds := RESTCommands()
	for i, s := range []string{
		`{"To_Account":"alice","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`,
		`{"UserID":"alice"}`, `{"To_Account":["alice"],"IsNeedDetail":1}`, `{"CheckItem":[{"UserID":"a"}]}`,
		`{}`, `[]`, `x`,
	} {
		f.Add(uint8(i), "", []byte(s))
		f.Add(uint8(i), "usersig=forged", []byte(s))
		f.Add(uint8(i), "identifier=alice&random=-1&contenttype=xml", []byte(s))
		f.Add(uint8(255), "sdkappid=1&sdkappid=2", []byte(s))
	}
	f.Fuzz(func(t *testing.T, pick uint8, query string, body []byte) {
		override, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		cmd := "no/such"
		if int(pick) < len(cmds)*2 {
			cmd = cmds[int(pick)%len(cmds)]
		}
		bubble(t, Config{}, func(e *env) {
			t := e.t
			base := e.adminQuery()
			q := url.Values{}
			for k, v := range base {
				q[k] = v
			}
			for k, v := range override {
				q[k] = v
			}
			app, err := strconv.ParseUint(q.Get("sdkappid"), 10, 64)
			forged := err != nil || app != e.srv.SDKAppID() ||
				q.Get("identifier") != base.Get("identifier") || q.Get("usersig") != base.Get("usersig")
			resp, err := e.client.Post("http://"+testHost+"/v4/"+cmd+"?"+q.Encode(), "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: HTTP %d %s", cmd, resp.StatusCode, data)
			}
			var env struct {
				ActionStatus string
				ErrorCode    *int
				ErrorInfo    string
			}
			if err := json.Unmarshal(data, &env); err != nil || env.ErrorCode == nil {
				t.Fatalf("%s: answer %s is not an IM envelope: %v", cmd, data, err)
			}
			switch {
			case env.ActionStatus == "OK" && *env.ErrorCode == 0:
				if forged {
					t.Fatalf("%s with query %q succeeded: %s", cmd, query, data)
				}
			case env.ActionStatus == "FAIL" && *env.ErrorCode != 0 && env.ErrorInfo != "":
			default:
				t.Fatalf("%s: inconsistent envelope %s", cmd, data)
			}
		})
	})
}
