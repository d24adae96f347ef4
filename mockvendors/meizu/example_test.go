package meizu_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/meizu"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to Meizu; the
// answer for its target maps to a pushsim reason.
func ExampleClient_Push() {
	srv, err := meizu.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "1234512345123451234", Secret: "s3cr3t", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := meizu.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 6666, Vendor: protocol.VendorMeizu, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "1234512345123451234", "app_secret": "s3cr3t"}}
	req := protocol.PushRequest{Token: "RA50c6348036344485d01776773577c64740465480a6b", Cert: cert, Title: "Bob", Desc: "hi there"}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_id": "1234512345123451234", "app_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 110002 vendor_token_invalid
	// 1006 vendor_auth_failed
}

// Sign writes the signature the API expects, here for the API document's
// own example.
func ExampleSign() {
	params := map[string][]string{
		"appId":       {"10000"},
		"pushIds":     {"RA50c6348036344485d01776773577c64740465480a6b"},
		"messageJson": {`{"title":"title","content":"content","pushTimeInfo":{"offLine":1,"validTime":24}}`},
	}
	fmt.Println(meizu.Sign(params, "<APP_SECRET>"))
	// Output: ac076ff25d9900015a681cb5172aa53b
}
