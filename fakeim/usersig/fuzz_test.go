package usersig

import (
	"errors"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary strings to Verify: it must never panic, and
// every failure must be one of the sentinel errors.
func FuzzVerify(f *testing.F) {
	good, _ := Gen(testApp, testKey, "alice", time.Hour, issued)
	buf, _ := GenWithUserBuf(testApp, testKey, "alice", time.Hour, []byte("x"), issued)
	for _, s := range []string{good, buf, "", "****", "eJw_", good[:20], good + "A"} {
		f.Add(s, "alice")
	}
	sentinels := []error{ErrEmpty, ErrMalformed, ErrSDKAppIDMismatch, ErrIdentifierMismatch, ErrExpired,
		ErrUserBufTypeMismatch, ErrUserBufMismatch, ErrSigMismatch}
	f.Fuzz(func(t *testing.T, sig, user string) {
		_, err := Verify(testApp, testKey, user, sig, issued)
		if err == nil {
			return
		}
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("Verify(%q) = %v, not a sentinel error", sig, err)
	})
}
