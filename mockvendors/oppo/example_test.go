package oppo_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oppo"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to OPPO: the
// client gets an auth_token with the App Key and Master Secret, then
// sends the notification; the answer maps to a pushsim reason.
func ExampleClient_Push() {
	srv, err := oppo.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "30012345", Key: "app-key", MasterSecret: "m4ster", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := oppo.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 7777, Vendor: protocol.VendorOPPO, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "30012345", "app_key": "app-key", "master_secret": "m4ster"}}
	req := protocol.PushRequest{Token: "CN_078ad8b8a137cadb14ae5b70cf846312", Cert: cert, Title: "Bob", Desc: "hi there"}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_id": "30012345", "app_key": "app-key", "master_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 10000 vendor_token_invalid
	// 16 vendor_auth_failed
}

// Sign writes the auth call's signature over app_key, timestamp and
// master_secret.
func ExampleSign() {
	fmt.Println(oppo.Sign("app-key", "1500000000000", "m4ster"))
	// Output: 332ce1835808328341bb83cf9a71130c7390bba5dd49b224fef9899f8713920a
}
