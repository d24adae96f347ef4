package vivo_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/vivo"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to vivo: the
// client gets an authToken with the App ID, App Key and App Secret, then
// sends the message; the answer maps to a pushsim reason.
func ExampleClient_Push() {
	srv, err := vivo.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "10004", Key: "app-key", Secret: "s3cr3t", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := vivo.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 8888, Vendor: protocol.VendorVivo, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "10004", "app_key": "app-key", "app_secret": "s3cr3t"}}
	req := protocol.PushRequest{MsgKey: "m1", Token: "15554239157791000000009", Cert: cert, Title: "Bob", Desc: "hi there"}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_id": "10004", "app_key": "app-key", "app_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 10302 vendor_token_invalid
	// 10000 vendor_auth_failed
}

// Sign writes the auth call's signature over appId, appKey, timestamp and
// appSecret.
func ExampleSign() {
	fmt.Println(vivo.Sign("10004", "app-key", 1501484120000, "s3cr3t"))
	// Output: f4d10415760c88743dd6c61e5bc1719d
}
