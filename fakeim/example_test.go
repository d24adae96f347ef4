package fakeim_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/protocol"
)

// printPusher stands in for a vendor client.
type printPusher struct{}

func (printPusher) Push(_ context.Context, req protocol.PushRequest) protocol.PushResult {
	fmt.Printf("push to %s: %q / %q\n", req.Token, req.Title, req.Desc)
	return protocol.PushResult{VendorMsgID: "NS20240501", Code: "200"}
}

func Example() {
	srv, err := fakeim.New(fakeim.Config{
		SecretKey: "k3y",
		Pushers:   map[protocol.Vendor]protocol.Pusher{protocol.VendorMeizu: printPusher{}},
	})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	// The console: a Meizu certificate, in effect at once.
	err = srv.AddCertificate(fakeim.CertificateSpec{
		Certificate:     protocol.Certificate{ID: 6666, Vendor: protocol.VendorMeizu, Package: "com.example.chat"},
		ActivationDelay: fakeim.Immediate,
	})
	if err != nil {
		panic(err)
	}
	if err := srv.ImportAccount("alice"); err != nil {
		panic(err)
	}
	fmt.Println(srv.InstanceState("alice-phone"))

	// The backend: REST sendmsg as the App admin.
	sig, _ := srv.GenUserSig(srv.Admin(), 24*time.Hour)
	q := url.Values{"sdkappid": {strconv.FormatUint(srv.SDKAppID(), 10)}, "identifier": {srv.Admin()},
		"usersig": {sig}, "random": {"1"}, "contenttype": {"json"}}
	body := `{"To_Account":"alice","MsgRandom":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v4/openim/sendmsg?"+q.Encode(), strings.NewReader(body)))
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), `"ActionStatus":"OK"`))

	// alice never logged in, so the message was dropped as logged_out.
	for _, ev := range srv.Trace().Events() {
		if ev.Kind == "im.route" {
			fmt.Println(ev.Reason, ev.Detail("decision"))
		}
	}
	// Output:
	// Offline never_logged_in
	// 200 true
	// logged_out drop
}
