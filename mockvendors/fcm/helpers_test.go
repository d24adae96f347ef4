package fcm_test

import (
	"crypto/rand"
	"crypto/rsa"
	"os"
	"sync"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
)

// The demo project and app.
const (
	project = "pushsim-demo"
	pkg     = "com.example.chat"
)

var (
	keysOnce sync.Once
	keys     [3]*rsa.PrivateKey
)

// testKey returns one of three RSA keys made once per test binary.
func testKey(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	keysOnce.Do(func() {
		for j := range keys {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			keys[j] = k
		}
	})
	return keys[i]
}

// account is the demo project's service account (key 0); wrongAccount the
// same account with another key (key 1).
func account(t testing.TB) *fcm.ServiceAccount {
	t.Helper()
	sa, err := fcm.NewServiceAccount(project, "key-0", testKey(t, 0))
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

func wrongAccount(t testing.TB) *fcm.ServiceAccount {
	t.Helper()
	sa, err := fcm.NewServiceAccount(project, "key-0", testKey(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

func mockvendorsConfigWith(apps ...mockvendors.App) mockvendors.Config {
	return mockvendors.Config{Apps: apps}
}
