package xiaomi_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
	"github.com/pushsim/pushsim/protocol"
)

// A backend pushes through the client exactly as it would to MiPush; the
// answer for its regId maps to a pushsim reason.
func ExampleClient_Push() {
	srv, err := xiaomi.New(mockvendors.Config{Seed: 7, Apps: []mockvendors.App{
		{ID: "2882303761517520001", Key: "5601752000001", Secret: "Ew2IY2E6bE2N3kFi4eRg5g==", Package: "com.example.chat"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	client := xiaomi.NewClient(ts.URL, ts.Client())
	cert := protocol.Certificate{ID: 7777, Vendor: protocol.VendorXiaomi, Package: "com.example.chat",
		Credentials: map[string]string{"app_id": "2882303761517520001", "app_secret": "Ew2IY2E6bE2N3kFi4eRg5g=="}}
	req := protocol.PushRequest{Token: xiaomi.NewRegID(7, "2882303761517520001", "nobody", 1), Cert: cert,
		Title: "Bob", Desc: "hi there", Android: &protocol.AndroidInfo{XiaoMiChannelID: "im_channel"}}

	res := client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)

	req.Cert.Credentials = map[string]string{"app_secret": "wrong"}
	res = client.Push(context.Background(), req)
	fmt.Println(res.Code, res.Reason)
	// Output:
	// 20301 vendor_token_invalid
	// 21301 vendor_auth_failed
}

// MessageFor shows how an IM push with an open-Activity click becomes
// MiPush form fields.
func ExampleMessageFor() {
	m := xiaomi.MessageFor(protocol.PushRequest{
		Cert: protocol.Certificate{Package: "com.example.chat",
			Click: protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"}},
		Title: "Bob", Desc: "hi there", Ext: `{"conv":"c2c_bob"}`,
		Android: &protocol.AndroidInfo{XiaoMiChannelID: "im_channel"},
	})
	f := m.Form()
	for _, k := range []string{"restricted_package_name", "title", "description", "pass_through",
		"extra.notify_effect", "extra.intent_uri", "extra.ext", "extra.channel_id"} {
		fmt.Printf("%s=%s\n", k, f.Get(k))
	}
	// Output:
	// restricted_package_name=com.example.chat
	// title=Bob
	// description=hi there
	// pass_through=0
	// extra.notify_effect=2
	// extra.intent_uri=intent:#Intent;package=com.example.chat;component=com.example.chat/com.example.chat.ChatActivity;S.ext=%7B%22conv%22%3A%22c2c_bob%22%7D;end
	// extra.ext={"conv":"c2c_bob"}
	// extra.channel_id=im_channel
}
