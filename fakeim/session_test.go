package fakeim

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

func TestLoginCodes(t *testing.T) {
	now := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // the bubble's epoch
	gen := func(app uint64, key, user string, expire time.Duration, at time.Time) string {
		s, err := usersig.Gen(app, key, user, expire, at)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name string
		req  protocol.LoginRequest
		want int
	}{
		{"good", protocol.LoginRequest{UserID: "alice", UserSig: gen(DefaultSDKAppID, testKey, "alice", time.Hour, now)}, 0},
		{"expired", protocol.LoginRequest{UserID: "alice", UserSig: gen(DefaultSDKAppID, testKey, "alice", time.Hour, now.Add(-2*time.Hour))}, protocol.CodeUserSigExpired},
		{"wrong key", protocol.LoginRequest{UserID: "alice", UserSig: gen(DefaultSDKAppID, "other", "alice", time.Hour, now)}, 70009},
		{"wrong user", protocol.LoginRequest{UserID: "alice", UserSig: gen(DefaultSDKAppID, testKey, "bob", time.Hour, now)}, 70013},
		{"wrong sdkappid in sig", protocol.LoginRequest{UserID: "alice", UserSig: gen(1400000999, testKey, "alice", time.Hour, now)}, 70014},
		{"empty sig", protocol.LoginRequest{UserID: "alice"}, 70002},
		{"garbage sig", protocol.LoginRequest{UserID: "alice", UserSig: "garbage"}, 70003},
		{"other SDKAppID", protocol.LoginRequest{SDKAppID: 42, UserID: "alice", UserSig: gen(DefaultSDKAppID, testKey, "alice", time.Hour, now)}, 70020},
		{"empty user", protocol.LoginRequest{UserSig: "x"}, protocol.CodeInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bubble(t, Config{}, func(e *env) {
				d := e.dial("phone")
				tt.req.InstanceID = "phone"
				f := d.call(protocol.CmdLogin, tt.req)
				if f.Code != tt.want {
					t.Fatalf("login = %d %q, want %d", f.Code, f.Desc, tt.want)
				}
				if tt.want == protocol.CodeUserSigExpired && !strings.Contains(f.Desc, "70001") {
					t.Fatalf("expired login desc %q does not mention 70001", f.Desc)
				}
				if tt.want == 0 {
					e.wantState("phone", StateOnline, CauseLogin)
					if !e.srv.HasAccount("alice") {
						t.Fatal("first login did not import the account")
					}
				} else {
					e.wantState("phone", StateOffline, CauseNeverLoggedIn)
				}
			})
		})
	}
}

func TestLogoutDropsBindingAndStopsPush(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		d := e.dial("phone")
		d.loginAs("alice", "Android")
		d.bind(testCertID, "tok-1")
		d.mustCall(protocol.CmdLogout, nil)
		e.wantState("phone", StateOffline, CauseLogout)
		if inst := e.srv.Instances(); inst[0].Token != "" || inst[0].CertificateID != 0 {
			t.Fatalf("binding kept after logout: %+v", inst[0])
		}
		d.kill() // the socket closing after logout changes nothing
		e.wantState("phone", StateOffline, CauseLogout)
		key := e.send("alice", "hi", nil)
		if r := e.route(key, "phone"); r.Reason != protocol.ReasonLoggedOut || r.Detail("decision") != DecisionDrop {
			t.Fatalf("route = %+v", r)
		}
		if f := d.e.dial("phone2").call(protocol.CmdSetOfflinePushConfig, protocol.OfflinePushConfig{BusinessID: 1, Token: "t"}); f.Code != protocol.CodeNotLoggedIn {
			t.Fatalf("setOfflinePushConfig before login = %d, want 6014", f.Code)
		}
	})
}

func TestLoginPolicies(t *testing.T) {
	type login struct{ device, platform string }
	tests := []struct {
		policy string
		first  login
		second login
		kicked bool
	}{
		{PolicySamePlatformKick, login{"a1", "Android"}, login{"a2", "Android"}, true},
		{PolicySamePlatformKick, login{"a1", "Android"}, login{"i1", "iPhone"}, false},
		{PolicyAllMobileKick, login{"a1", "Android"}, login{"i1", "iPhone"}, true},
		{PolicyAllMobileKick, login{"a1", "Android"}, login{"w1", "Web"}, false},
		{PolicyMulti, login{"a1", "Android"}, login{"a2", "Android"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.policy+"/"+tt.first.platform+"+"+tt.second.platform, func(t *testing.T) {
			bubble(t, Config{LoginPolicy: tt.policy}, func(e *env) {
				e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
				first := e.dial(tt.first.device)
				first.loginAs("alice", tt.first.platform)
				first.bind(testCertID, "tok-first")
				second := e.dial(tt.second.device)
				if f := second.loginAs("alice", tt.second.platform); f.Code != 0 {
					t.Fatalf("second login = %d", f.Code)
				}
				kicks := first.eventsNamed(protocol.EventKickedOffline)
				if !tt.kicked {
					if len(kicks) != 0 {
						t.Fatalf("unexpected kick %+v", kicks)
					}
					e.wantState(tt.first.device, StateOnline, CauseLogin)
					return
				}
				if len(kicks) != 1 {
					t.Fatalf("kick events = %+v, want one", kicks)
				}
				var k protocol.KickedEvent
				json.Unmarshal(kicks[0].Data, &k)
				if k.Code != protocol.CodeKickedByOther || k.By != KickedByLogin {
					t.Fatalf("kick = %+v", k)
				}
				e.wantState(tt.first.device, StateOffline, CauseKicked)
				e.wantState(tt.second.device, StateOnline, CauseLogin)
				key := e.send("alice", "hi", nil)
				if r := e.route(key, tt.first.device); r.Reason != protocol.ReasonKicked {
					t.Fatalf("route to the kicked device = %+v", r)
				}
				// The kicked socket was closed by the server.
				select {
				case <-first.done:
				case <-time.After(time.Minute):
					t.Fatal("kicked socket still open")
				}
			})
		})
	}
}

func TestSamePlatformKickReachesPushOnline(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		old := e.dial("old")
		old.loginAs("alice", "Android")
		old.bind(testCertID, "tok-old")
		old.kill()
		e.wantState("old", StatePushOnline, CauseLinkClose)
		e.dial("new").loginAs("alice", "Android")
		e.wantState("old", StateOffline, CauseKicked)
		for _, in := range e.srv.Instances() {
			if in.Instance == "old" && in.Token != "" {
				t.Fatalf("kicked PushOnline instance kept its token: %+v", in)
			}
		}
	})
}

func TestReloginSameInstanceIsNotAKick(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		first := e.dial("phone")
		first.loginAs("alice", "Android")
		first.link.SetUp(false) // silent loss: the server still holds this socket
		first.link.SetUp(true)
		second := e.dial("phone")
		second.loginAs("alice", "Android")
		if k := first.eventsNamed(protocol.EventKickedOffline); len(k) != 0 {
			t.Fatalf("re-login kicked its own old session: %+v", k)
		}
		e.wantState("phone", StateOnline, CauseLogin)
		time.Sleep(HeartbeatTimeout + time.Second)
		synctest.Wait()
		// The replaced socket timing out does not touch the new session...
		// but the new one, silent too, times out on its own.
		if s, c := e.srv.InstanceState("phone"); s != StatePushOnline || c != CauseTimeOut {
			t.Fatalf("after 401 s without frames: %s/%s", s, c)
		}
	})
}

func TestRESTKickInvalidatesOldSigs(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		oldSig, _ := e.srv.GenUserSig("alice", 24*time.Hour)
		d := e.dial("phone")
		d.mustCall(protocol.CmdLogin, protocol.LoginRequest{UserID: "alice", UserSig: oldSig, Platform: "Android", InstanceID: "phone"})
		killed := e.dial("tablet")
		killed.mustCall(protocol.CmdLogin, protocol.LoginRequest{UserID: "alice", UserSig: oldSig, Platform: "iPad", InstanceID: "tablet"})
		killed.kill()
		time.Sleep(time.Minute)

		if r := e.rest("im_open_login_svc/kick", map[string]string{"UserID": "alice"}); !r.ok() {
			t.Fatalf("kick: %v", r)
		}
		kicks := d.eventsNamed(protocol.EventKickedOffline)
		if len(kicks) != 1 || !strings.Contains(string(kicks[0].Data), `"by":"rest"`) {
			t.Fatalf("kick events = %+v", kicks)
		}
		e.wantState("phone", StateOffline, CauseKicked)
		e.wantState("tablet", StateOffline, CauseKicked)

		again := e.dial("phone")
		f := again.call(protocol.CmdLogin, protocol.LoginRequest{UserID: "alice", UserSig: oldSig, Platform: "Android", InstanceID: "phone"})
		if f.Code != protocol.CodeUserSigExpired {
			t.Fatalf("login with a sig from before the kick = %d %s, want 6206", f.Code, f.Desc)
		}
		if f := again.loginAs("alice", "Android"); f.Code != 0 {
			t.Fatalf("login with a fresh sig = %d %s", f.Code, f.Desc)
		}
		if r := e.rest("im_open_login_svc/kick", map[string]string{"Identifier": "nobody"}); r.code() != CodeAccountNotFound {
			t.Fatalf("kick of an unknown user = %v", r)
		}
	})
}

func TestStateTimings(t *testing.T) {
	t.Run("kill is PushOnline at once", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.kill()
			e.wantState("phone", StatePushOnline, CauseLinkClose)
		})
	})
	t.Run("silent loss is PushOnline after 400 s", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.link.SetUp(false)
			time.Sleep(399 * time.Second)
			synctest.Wait()
			e.wantState("phone", StateOnline, CauseLogin)
			time.Sleep(2 * time.Second)
			synctest.Wait()
			e.wantState("phone", StatePushOnline, CauseTimeOut)
		})
	})
	t.Run("heartbeats keep it online", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			for range 10 {
				time.Sleep(2 * time.Minute)
				d.mustCall(protocol.CmdHeartbeat, nil)
			}
			e.wantState("phone", StateOnline, CauseLogin)
		})
	})
	t.Run("7 days in PushOnline is Offline", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.kill()
			time.Sleep(PushOnlineLifetime - time.Second)
			synctest.Wait()
			e.wantState("phone", StatePushOnline, CauseLinkClose)
			time.Sleep(2 * time.Second)
			synctest.Wait()
			e.wantState("phone", StateOffline, CauseExpired)
			key := e.send("alice", "hi", nil)
			if r := e.route(key, "phone"); r.Reason != protocol.ReasonExpired {
				t.Fatalf("route = %+v", r)
			}
		})
	})
	t.Run("web has no PushOnline", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("browser")
			d.loginAs("alice", "Web")
			d.kill()
			e.wantState("browser", StateOffline, CauseLinkClose)
		})
	})
	t.Run("background and back", func(t *testing.T) {
		bubble(t, Config{}, func(e *env) {
			d := e.dial("phone")
			d.loginAs("alice", "Android")
			d.mustCall(protocol.CmdDoBackground, protocol.BackgroundRequest{UnreadCount: 3})
			e.wantState("phone", StateBackground, CauseBackground)
			r := e.rest("openim/query_online_status", map[string]any{"To_Account": []string{"alice"}, "IsNeedDetail": 1})
			if !strings.Contains(jsonString(r), `"Status":"Online"`) {
				t.Fatalf("background status = %v, want Online", r)
			}
			d.mustCall(protocol.CmdDoForeground, nil)
			e.wantState("phone", StateOnline, CauseForeground)
		})
	})
}

func TestUserSigExpiredEvent(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		d := e.dial("phone")
		sig, _ := e.srv.GenUserSig("alice", time.Hour)
		d.mustCall(protocol.CmdLogin, protocol.LoginRequest{UserID: "alice", UserSig: sig, Platform: "Android", InstanceID: "phone"})
		for range 30 { // stay alive with heartbeats for an hour
			time.Sleep(2 * time.Minute)
			d.mustCall(protocol.CmdHeartbeat, nil)
		}
		if ev := d.eventsNamed(protocol.EventUserSigExpired); len(ev) != 0 {
			t.Fatalf("onUserSigExpired before expiry: %+v", ev)
		}
		time.Sleep(2 * time.Minute)
		d.mustCall(protocol.CmdHeartbeat, nil)
		if ev := d.eventsNamed(protocol.EventUserSigExpired); len(ev) != 1 {
			t.Fatalf("onUserSigExpired events = %+v, want one", ev)
		}
	})
}

func TestStateEventsInTrace(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		d := e.dial("phone")
		d.loginAs("alice", "Android")
		d.kill()
		var states []string
		for _, ev := range e.trace.Events() {
			if ev.Kind == trace.IMState && ev.Device == "phone" {
				states = append(states, ev.Detail("state")+"/"+ev.Detail("cause")+"/"+ev.Detail("user"))
			}
		}
		want := "Online/login/alice PushOnline/LinkClose/alice"
		if strings.Join(states, " ") != want {
			t.Fatalf("im.state events = %v, want %s", states, want)
		}
	})
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestLoginCannotTakeAnotherUsersInstance: bob, with his own valid
// UserSig, names alice's instance ID. While alice's session is alive
// (Online, then PushOnline) the login is refused and alice keeps her
// state, socket and binding; once she logs out the ID is free.
func TestLoginCannotTakeAnotherUsersInstance(t *testing.T) {
	bubble(t, Config{}, func(e *env) {
		e.addCert(testCertID, protocol.VendorMeizu, protocol.ClickAction{})
		alice := e.dial("phone")
		alice.loginAs("alice", "Android")
		alice.bind(testCertID, "tok-alice")
		bob := e.dial("phone") // bob's socket, alice's instance ID
		if f := bob.loginAs("bob", "Android"); f.Code != CodeInstanceInUse || strings.Contains(f.Desc, "alice") {
			t.Fatalf("bob's login with alice's instance = %d %q, want %d without naming her", f.Code, f.Desc, CodeInstanceInUse)
		}
		e.wantState("phone", StateOnline, CauseLogin)
		if f := alice.call(protocol.CmdDoBackground, nil); f.Code != 0 {
			t.Fatalf("alice's socket after bob's attempt: doBackground = %d %q, want it still logged in", f.Code, f.Desc)
		}
		if len(alice.eventsNamed(protocol.EventKickedOffline)) != 0 {
			t.Fatal("alice was told she was kicked")
		}
		if f := bob.call(protocol.CmdSetOfflinePushConfig, protocol.OfflinePushConfig{BusinessID: testCertID, Token: "tok-bob"}); f.Code != protocol.CodeNotLoggedIn {
			t.Fatalf("bob's socket after the refused login: setOfflinePushConfig = %d, want 6014", f.Code)
		}

		alice.kill() // the app is killed: PushOnline, still alice's
		e.wantState("phone", StatePushOnline, CauseLinkClose)
		if f := e.dial("phone").loginAs("bob", "Android"); f.Code != CodeInstanceInUse {
			t.Fatalf("bob's login with alice's PushOnline instance = %d, want %d", f.Code, CodeInstanceInUse)
		}
		for _, in := range e.srv.Instances() {
			if in.User == "alice" && in.Token != "tok-alice" {
				t.Fatalf("alice's binding after bob's attempts: %+v", in)
			}
			if in.User == "bob" {
				t.Fatalf("bob got an instance on alice's phone: %+v", in)
			}
		}
		if n := len(e.srv.Trace().Filter(func(ev trace.Event) bool { return ev.Kind == KindLoginRefused })); n != 2 {
			t.Errorf("%d refused logins in the trace, want 2", n)
		}

		// alice logs out (an account switch): the instance is free.
		again := e.dial("phone")
		again.loginAs("alice", "Android")
		again.mustCall(protocol.CmdLogout, nil)
		if f := e.dial("phone").loginAs("bob", "Android"); f.Code != 0 {
			t.Fatalf("bob's login after alice logged out = %d %q, want 0", f.Code, f.Desc)
		}
	})
}
