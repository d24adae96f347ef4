package huawei_test

import (
	"testing"
	"testing/synctest"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/protocol"
)

func TestRegister(t *testing.T) {
	tests := []struct {
		name string
		req  protocol.RegisterRequest
		code string
	}{
		{"ok", protocol.RegisterRequest{AppID: appID, Package: pkg}, huawei.RegisterOK},
		{"no app ID", protocol.RegisterRequest{Package: pkg}, huawei.RegisterArgumentsInvalid},
		{"unknown app", protocol.RegisterRequest{AppID: "104000000", Package: pkg}, huawei.RegisterNoRight},
		{"other package", protocol.RegisterRequest{AppID: appID, Package: "com.example.other"}, huawei.RegisterNoRight},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				req := tc.req
				req.DeviceID = "alice"
				st := e.Register(e.Dial("alice"), req)
				if st.Code != tc.code || (st.Token != "") != (tc.code == huawei.RegisterOK) {
					t.Fatalf("register = %+v, want code %s", st, tc.code)
				}
				if st.Token != "" && !huawei.WellFormedToken(st.Token) {
					t.Errorf("token %q is not well formed", st.Token)
				}
				if st.Token == "" && st.Message == "" {
					t.Error("a refusal without a message")
				}
			})
		})
	}
}

func TestNewTokenIsStable(t *testing.T) {
	a := huawei.NewToken(seed.Root(1), appID, "alice", 1)
	if a != huawei.NewToken(seed.Root(1), appID, "alice", 1) {
		t.Error("the same inputs gave two tokens")
	}
	for _, other := range []string{
		huawei.NewToken(seed.Root(2), appID, "alice", 1), huawei.NewToken(seed.Root(1), appID, "bob", 1),
		huawei.NewToken(seed.Root(1), appID, "alice", 2), huawei.NewToken(seed.Root(1), "104000000", "alice", 1),
	} {
		if other == a {
			t.Error("different inputs gave the same token")
		}
	}
	if len(a) != 128 || !huawei.WellFormedToken(a) {
		t.Errorf("token %q", a)
	}
}
