package imrest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/internal/imrest"
)

func TestCall(t *testing.T) {
	cases := []struct {
		name, answer string
		code         int // the *imrest.Error's ErrorCode, or -1 for another error, 0 for none
	}{
		{"ok", `{"ActionStatus":"OK","ErrorCode":0,"MsgKey":"k1"}`, 0},
		{"fail", `{"ActionStatus":"FAIL","ErrorCode":70107,"ErrorInfo":"no such user"}`, 70107},
		{"ok with a code", `{"ActionStatus":"OK","ErrorCode":90001}`, 90001},
		{"not json", `<html>bad gateway</html>`, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var gotPath, gotBody string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotPath = r.URL.Path + "?" + r.URL.RawQuery
				b, _ := io.ReadAll(r.Body)
				gotBody = string(b)
				io.WriteString(w, c.answer)
			}))
			defer srv.Close()
			var out struct{ MsgKey string }
			err := imrest.Call(context.Background(), srv.Client(), srv.URL, "openim/sendmsg", "sdkappid=1&identifier=admin", map[string]string{"To_Account": "alice"}, &out)
			if gotPath != "/v4/openim/sendmsg?sdkappid=1&identifier=admin" || !strings.Contains(gotBody, `"To_Account":"alice"`) {
				t.Fatalf("request %s %s", gotPath, gotBody)
			}
			var ie *imrest.Error
			switch {
			case c.code == 0 && (err != nil || out.MsgKey != "k1"):
				t.Fatalf("err %v, out %+v", err, out)
			case c.code > 0 && (!errors.As(err, &ie) || ie.ErrorCode != c.code || ie.Command != "openim/sendmsg"):
				t.Fatalf("err %v, want an *imrest.Error with code %d", err, c.code)
			case c.code < 0 && (err == nil || errors.As(err, &ie)):
				t.Fatalf("err %v, want a decoding error", err)
			}
		})
	}
}
