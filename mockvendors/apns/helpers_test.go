package apns_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
)

// The demo app.
const (
	bundle = "com.example.chat"
	team   = "ABCDE12345"
	keyID  = "KEY1234567"
)

// newKey makes an ES256 key and its .p8 PEM.
func newKey(t testing.TB) (*ecdsa.PrivateKey, string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p, err := apns.EncodeKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return k, p
}

// demoApp is the demo app with the key's PEM.
func demoApp(keyPEM string) mockvendors.App { return apns.AppFor(bundle, team, keyID, keyPEM) }

func mockRegister(bundleID string) protocol.RegisterRequest {
	return protocol.RegisterRequest{AppID: bundleID, Package: bundleID, Brand: "apple"}
}
