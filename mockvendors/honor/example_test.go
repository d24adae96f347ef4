package honor_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to Honor: it
// gets an access token with the client ID and secret, sends to the App
// ID's sendMessage, and maps the answer for its token to a pushsim reason.
func ExampleClient_Push() {
	srv, err := honor.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "104438291", ClientID: "8a3f2c1d9e", ClientSecret: "cl13nt-s3cr3t", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := honor.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 8888, Vendor: protocol.VendorHonor, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "104438291", "client_id": "8a3f2c1d9e", "client_secret": "cl13nt-s3cr3t"}}
	req := protocol.PushRequest{Token: "BQAAAAnobodyRegisteredThisHonorToken", Cert: cert, Title: "Bob", Desc: "hi there"}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_id": "104438291", "client_id": "8a3f2c1d9e", "client_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 80300007 vendor_token_invalid
	// invalid_client vendor_auth_failed
}
