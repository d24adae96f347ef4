package apns_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/apns"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as a provider would to
// APNs; the answer maps to a pushsim reason.
func ExampleClient_Push() {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	keyPEM, _ := apns.EncodeKey(key)
	srv, err := apns.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		apns.AppFor("com.example.chat", "ABCDE12345", "KEY1234567", keyPEM),
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := apns.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 8888, Vendor: protocol.VendorAPNs, Package: "com.example.chat",
		Credentials: map[string]string{"bundle_id": "com.example.chat", "team_id": "ABCDE12345", "key_id": "KEY1234567", "key": keyPEM}}
	token := apns.NewDeviceToken(7, "com.example.chat", "never-registered", 1)
	res := client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert, Title: "Bob", Desc: "hi there"})
	fmt.Println(res.Code, res.Reason)

	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	cert.Credentials["key"], _ = apns.EncodeKey(other)
	res = client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert, Title: "Bob", Desc: "hi there"})
	fmt.Println(res.Code, res.Reason)
	// Output:
	// BadDeviceToken vendor_token_invalid
	// InvalidProviderToken vendor_auth_failed
}
