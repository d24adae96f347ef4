package fcm_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to FCM; the
// answer maps to a pushsim reason.
func ExampleClient_Push() {
	srv, err := fcm.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{fcm.AppFor("pushsim-demo", "com.example.chat", "")}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := fcm.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 7777, Vendor: protocol.VendorFCM, Package: "com.example.chat",
		Credentials: map[string]string{"project_id": "pushsim-demo"}}
	token := fcm.NewToken(7, "pushsim-demo", "com.example.chat", "uninstalled-phone", 1)
	res := client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert, Title: "Bob", Desc: "hi there"})
	fmt.Println(res.Code, res.Reason)

	cert.Credentials = map[string]string{"project_id": "someone-elses-project"}
	res = client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert, Title: "Bob", Desc: "hi there"})
	fmt.Println(res.Code, res.Reason)
	// Output:
	// UNREGISTERED vendor_token_invalid
	// PERMISSION_DENIED vendor_auth_failed
}
