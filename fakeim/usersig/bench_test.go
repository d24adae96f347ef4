package usersig_test

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

func BenchmarkGen(b *testing.B) {
	now := time.Unix(1700000000, 0)
	for b.Loop() {
		if _, err := usersig.Gen(1400000000, "k3y", "alice", 24*time.Hour, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	now := time.Unix(1700000000, 0)
	sig, err := usersig.Gen(1400000000, "k3y", "alice", 24*time.Hour, now)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := usersig.Verify(1400000000, "k3y", "alice", sig, now); err != nil {
			b.Fatal(err)
		}
	}
}
