package huawei_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to HMS: it gets
// an access token with the App ID and App Secret, sends, and maps the
// answer for its token to a pushsim reason.
func ExampleClient_Push() {
	srv, err := huawei.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "104123456", Secret: "s3cr3t", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := huawei.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 7777, Vendor: protocol.VendorHuawei, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "104123456", "app_secret": "s3cr3t"}}
	req := protocol.PushRequest{Token: "IQAAAACy0kWoAAAHh1ZKnobodyRegisteredThisToken", Cert: cert, Title: "Bob", Desc: "hi there"}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_id": "104123456", "app_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 80300007 vendor_token_invalid
	// invalid_client vendor_auth_failed
}

// ClickFor writes the IM console's "open specific page" as an intent URI;
// with ExtAsHuaweiIntentParam 1 the Activity gets ext as an intent extra.
func ExampleClickFor() {
	c := huawei.ClickFor(protocol.PushRequest{
		Cert: protocol.Certificate{Package: "com.example.chat",
			Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}},
		Ext:     `{"conv":"c2c_bob"}`,
		Android: &protocol.AndroidInfo{ExtAsHuaweiIntentParam: 1},
	})
	fmt.Println(c.Type)
	fmt.Println(c.Intent)
	// Output:
	// 1
	// intent:#Intent;launchFlags=0x4000000;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end
}
