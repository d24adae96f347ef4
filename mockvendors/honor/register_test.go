package honor_test

import (
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/protocol"
)

func TestRegister(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  protocol.RegisterRequest
		code string
	}{
		{"ok", protocol.RegisterRequest{AppID: appID, Package: pkg}, honor.RegisterOK},
		{"no app ID", protocol.RegisterRequest{Package: pkg}, honor.RegisterNoAppID},
		{"unknown app", protocol.RegisterRequest{AppID: "1", Package: pkg}, honor.RegisterUnknownApp},
		{"other package", protocol.RegisterRequest{AppID: appID, Package: "com.example.other"}, honor.RegisterPackageMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				req := tc.req
				req.DeviceID = "alice"
				st := e.Register(e.Dial("alice"), req)
				if st.Code != tc.code || (st.Token != "") != (tc.code == honor.RegisterOK) {
					t.Fatalf("register = %+v, want %s", st, tc.code)
				}
				if st.Token == "" && st.Message == "" {
					t.Error("a refusal without a message")
				}
			})
		})
	}
}

func TestNewToken(t *testing.T) {
	a := honor.NewToken(seed.Root(1), appID, "alice", 1)
	if a != honor.NewToken(seed.Root(1), appID, "alice", 1) || a == honor.NewToken(seed.Root(1), appID, "alice", 2) {
		t.Error("tokens are not derived from their inputs alone")
	}
	if len(a) != 96 || !honor.WellFormedToken(a) {
		t.Errorf("token %q", a)
	}
}
