package fakeim

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// A cached UserSig verifies until it expires, and a wrong one never does.
func TestVerifiedSigsExpireAndRefuse(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	sig, err := usersig.Gen(DefaultSDKAppID, "k", "admin", time.Minute, now)
	if err != nil {
		t.Fatal(err)
	}
	var v verifiedSigs
	for _, at := range []time.Time{now, now.Add(30 * time.Second), now.Add(time.Minute)} {
		if _, err := v.verify(DefaultSDKAppID, "k", "admin", sig, at); err != nil {
			t.Fatalf("at %v: %v", at.Sub(now), err)
		}
	}
	if _, err := v.verify(DefaultSDKAppID, "k", "admin", sig, now.Add(time.Minute+time.Second)); usersig.Code(err) != usersig.CodeExpired {
		t.Errorf("a minute and a second on: %v, want expired", err)
	}
	if _, err := v.verify(DefaultSDKAppID, "k", "bob", sig, now); err == nil {
		t.Error("the admin's UserSig verified for bob")
	}
	if _, err := v.verify(DefaultSDKAppID, "other", "admin", sig+"x", now); err == nil {
		t.Error("a mangled UserSig verified")
	}
}
