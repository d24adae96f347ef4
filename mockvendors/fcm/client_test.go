package fcm_test

import (
	"context"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/fcm"
	"github.com/pushsim/pushsim/protocol"
)

func TestMessageFor(t *testing.T) {
	cert := func(click protocol.ClickAction) protocol.Certificate {
		return protocol.Certificate{Vendor: protocol.VendorFCM, Credentials: map[string]string{"project_id": project}, Click: click}
	}
	tok := fcm.NewToken(1, project, pkg, "d", 1)
	for _, c := range []struct {
		name string
		req  protocol.PushRequest
		data map[string]string
		an   *fcm.AndroidNotification
	}{
		{"open app with ext", protocol.PushRequest{Token: tok, Title: "T", Desc: "D", Ext: "x", Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenApp})},
			map[string]string{"ext": "x"}, nil},
		{"open activity", protocol.PushRequest{Token: tok, Title: "T", Desc: "D", Ext: "x",
			Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenActivity, Activity: "com.example.chat.ChatActivity"})},
			map[string]string{"ext": "x"}, &fcm.AndroidNotification{ClickAction: "com.example.chat.ChatActivity"}},
		{"open url", protocol.PushRequest{Token: tok, Title: "T", Desc: "D",
			Cert: cert(protocol.ClickAction{Action: protocol.ClickOpenURL, URL: "https://e.com/x"})},
			map[string]string{"url": "https://e.com/x"}, &fcm.AndroidNotification{ClickAction: fcm.ViewAction}},
		{"channel and sound", protocol.PushRequest{Token: tok, Title: "T", Desc: "D", Cert: cert(protocol.ClickAction{}),
			Android: &protocol.AndroidInfo{GoogleChannelID: "im", Sound: "ding", XiaoMiChannelID: "ignored"}},
			nil, &fcm.AndroidNotification{ChannelID: "im", Sound: "ding"}},
	} {
		m := fcm.MessageFor(c.req)
		if m.Token != tok || m.Notification.Title != "T" || m.Notification.Body != "D" || m.Android.Priority != "high" {
			t.Errorf("%s: message %+v", c.name, m)
		}
		if !reflect.DeepEqual(m.Data, c.data) || !reflect.DeepEqual(m.Android.Notification, c.an) {
			t.Errorf("%s: data %v notification %+v, want %v %+v", c.name, m.Data, m.Android.Notification, c.data, c.an)
		}
		if e := fcm.Validate(&fcm.SendRequest{Message: m}, fcm.MaxPayload, fcm.MaxTopicPayload); e != nil {
			t.Errorf("%s: the message is not valid: %v", c.name, e)
		}
	}
}

func TestReasonFor(t *testing.T) {
	resp := func(status string, code fcm.ErrorCode, field string) fcm.ErrorResponse {
		r := fcm.ErrorResponse{Error: fcm.ErrorBody{Status: status}}
		if code != "" {
			r.Error.Details = append(r.Error.Details, fcm.Detail{Type: "type.googleapis.com/google.firebase.fcm.v1.FcmError", ErrorCode: code})
		}
		if field != "" {
			r.Error.Details = append(r.Error.Details, fcm.Detail{Type: "type.googleapis.com/google.rpc.BadRequest",
				FieldViolations: []fcm.FieldViolation{{Field: field}}})
		}
		return r
	}
	for _, c := range []struct {
		r    fcm.ErrorResponse
		want protocol.Reason
	}{
		{resp(fcm.StatusNotFound, fcm.ErrUnregistered, ""), protocol.ReasonVendorTokenInvalid},
		{resp(fcm.StatusInvalidArgument, fcm.ErrInvalidArgument, "message.token"), protocol.ReasonVendorTokenInvalid},
		{resp(fcm.StatusInvalidArgument, fcm.ErrInvalidArgument, "message"), protocol.ReasonVendorError},
		{resp(fcm.StatusPermissionDenied, fcm.ErrSenderIDMismatch, ""), protocol.ReasonVendorAuthFailed},
		{resp(fcm.StatusUnauthenticated, fcm.ErrThirdPartyAuth, ""), protocol.ReasonVendorAuthFailed},
		{resp(fcm.StatusResourceExhausted, fcm.ErrQuotaExceeded, ""), protocol.ReasonVendorRateLimited},
		{resp(fcm.StatusUnavailable, fcm.ErrUnavailable, ""), protocol.ReasonVendorUnavailable},
		{resp(fcm.StatusInternal, fcm.ErrInternal, ""), protocol.ReasonVendorError},
		{resp(fcm.StatusUnauthenticated, "", ""), protocol.ReasonVendorAuthFailed},
		{resp(fcm.StatusPermissionDenied, "", ""), protocol.ReasonVendorAuthFailed},
		{resp(fcm.StatusInvalidArgument, "", "message.data"), protocol.ReasonVendorError},
	} {
		if got := fcm.ReasonFor(c.r); got != c.want {
			t.Errorf("ReasonFor(%+v) = %q, want %q", c.r.Error, got, c.want)
		}
	}
}

// The client exchanges one assertion per hour, not one per push, and
// gets a new token when the mock refuses the cached one.
func TestClientTokenCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var exchanges, refuse atomic.Int32
		wrap := func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == fcm.PathToken {
					exchanges.Add(1)
				} else if refuse.CompareAndSwap(1, 0) {
					w.WriteHeader(http.StatusUnauthorized)
					_, _ = w.Write([]byte(`{"error":{"code":401,"message":"revoked","status":"UNAUTHENTICATED"}}`))
					return
				}
				h.ServeHTTP(w, r)
			})
		}
		e := newWrappedEnv(t, true, nil, wrap)
		_, token := e.device("phone-1")
		cert := protocol.Certificate{Vendor: protocol.VendorFCM, Package: pkg,
			Credentials: map[string]string{"project_id": project, "service_account": e.sa.JSON()}}
		push := func() protocol.PushResult {
			return e.client.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert, Title: "T", Desc: "D"})
		}
		for i := range 3 {
			if r := push(); r.Reason != protocol.ReasonNone || r.Code != fcm.CodeOK {
				t.Fatalf("push %d = %+v", i, r)
			}
		}
		if n := exchanges.Load(); n != 1 {
			t.Errorf("%d token exchanges for three pushes, want 1", n)
		}
		refuse.Store(1)
		if r := push(); r.Reason != protocol.ReasonNone {
			t.Errorf("push after a 401 = %+v, want a retry with a new token", r)
		}
		if n := exchanges.Load(); n != 2 {
			t.Errorf("%d token exchanges after a 401, want 2", n)
		}
		time.Sleep(59*time.Minute + 30*time.Second)
		if r := push(); r.Reason != protocol.ReasonNone {
			t.Errorf("push near expiry = %+v", r)
		}
		if n := exchanges.Load(); n != 3 {
			t.Errorf("%d token exchanges, want a refresh a minute before expiry", n)
		}
	})
}

func TestClientResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false, nil)
		_, token := e.device("phone-1")
		cert := protocol.Certificate{Vendor: protocol.VendorFCM, Credentials: map[string]string{"project_id": project}}
		push := func(c protocol.Certificate, tok string) protocol.PushResult {
			return e.client.Push(context.Background(), protocol.PushRequest{Token: tok, Cert: c, Title: "T", Desc: "D"})
		}
		r := push(cert, token)
		if r.Reason != protocol.ReasonNone || r.Code != fcm.CodeOK || r.VendorMsgID != e.srv.Messages().List()[0].MsgID {
			t.Errorf("push = %+v", r)
		}
		if r := push(cert, "bad token"); r.Reason != protocol.ReasonVendorTokenInvalid || r.Code != string(fcm.ErrInvalidArgument) {
			t.Errorf("push to a malformed token = %+v", r)
		}
		wrongProject := protocol.Certificate{Vendor: protocol.VendorFCM, Credentials: map[string]string{"project_id": "nope"}}
		if r := push(wrongProject, token); r.Reason != protocol.ReasonVendorAuthFailed || r.Code != fcm.StatusPermissionDenied {
			t.Errorf("push for an unknown project = %+v", r)
		}
		broken := protocol.Certificate{Vendor: protocol.VendorFCM, Credentials: map[string]string{"project_id": project, "service_account": "{}"}}
		if r := push(broken, token); r.Reason != protocol.ReasonVendorAuthFailed {
			t.Errorf("push with a broken key file = %+v", r)
		}
		down := fcm.NewClient("http://nowhere.sim:80", e.hc)
		if r := down.Push(context.Background(), protocol.PushRequest{Token: token, Cert: cert}); r.Reason != protocol.ReasonVendorUnavailable {
			t.Errorf("push to an unreachable server = %+v", r)
		}
	})
}

func TestServiceAccountFile(t *testing.T) {
	sa := account(t)
	path := t.TempDir() + "/key.json"
	if err := writeFile(path, sa.JSON()); err != nil {
		t.Fatal(err)
	}
	got, err := fcm.ParseServiceAccount(path)
	if err != nil || got.ClientEmail != sa.ClientEmail || got.TokenURI != fcm.DefaultTokenURI {
		t.Fatalf("ParseServiceAccount(file) = %v, %v", got, err)
	}
	if s := got.String(); contains([]byte(s), "PRIVATE KEY") {
		t.Errorf("String() shows the key: %s", s)
	}
	for _, bad := range []string{`{"type":"authorized_user"}`, `{"type":"service_account","client_email":"a@b","private_key":"x"}`, "/no/such/file", "{"} {
		if _, err := fcm.ParseServiceAccount(bad); err == nil {
			t.Errorf("ParseServiceAccount(%q) succeeded", bad)
		}
	}
	if _, err := fcm.New(mockvendorsConfigWith(fcm.AppFor(project, pkg, "{}"))); err == nil {
		t.Error("New accepted an app with a broken service account")
	}
}
