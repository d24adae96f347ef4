package xiaomi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/xiaomi"
)

var formSeeds = []string{
	form(unknownRegID, note("Bob", "hi")),
	"restricted_package_name=com.example.chat&title=t&description=d&pass_through=true&payload=p&notify_type=7&notify_id=3",
	"restricted_package_name=a&title=t&description=d&extra.notify_effect=2&extra.intent_uri=intent%3A%23Intent%3Bcomponent%3Da%2F.B%3BS.ext%3Dx%3Bend",
	"restricted_package_name=a&title=t&description=d&extra.notify_effect=3&extra.web_uri=https%3A%2F%2Fe.com&extra.callback=http%3A%2F%2Fa%2Fb&extra.callback.type=19",
	"title=%ff&description=%20&time_to_live=1209600000&time_to_send=1",
	"extra.=x&extra.k=v&pass_through=1",
	"%zz=1", "",
}

// FuzzParseMessage: the message parser never panics, refuses only with
// 10016 or 10017, and what it accepts writes back to a form it reads
// back unchanged.
func FuzzParseMessage(f *testing.F) {
	for _, s := range formSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		form, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		m, err := xiaomi.ParseMessage(form)
		if err != nil {
			e, ok := err.(*xiaomi.APIError)
			if !ok || (e.Code != xiaomi.CodeParamMissing && e.Code != xiaomi.CodeParamInvalid) {
				t.Fatalf("error %v is not a 10016/10017 APIError", err)
			}
			return
		}
		again, err := xiaomi.ParseMessage(m.Form())
		if err != nil {
			t.Fatalf("the written form %q does not parse: %v", m.Form().Encode(), err)
		}
		if !reflect.DeepEqual(m, again) {
			t.Fatalf("writing and reading is not stable:\n%+v\n%+v", m, again)
		}
	})
}

// FuzzParseIntentURI: the intent URI parser never panics, and what it
// accepts writes back to a URI it reads back to the same intent.
func FuzzParseIntentURI(f *testing.F) {
	for _, s := range []string{
		"intent:#Intent;component=com.example.chat/.ChatActivity;S.ext=%7B%7D;end",
		"intent://example.com/x#Intent;scheme=https;action=a;category=c;launchFlags=0x1;package=p;B.b=true;end",
		"intent:#Intent;end", "intent:#Intent;S.=x;end", "intent:%zz#Intent;end", "intent:", "#Intent;end",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := xiaomi.ParseIntentURI(s)
		if err != nil {
			return
		}
		back, err := xiaomi.ParseIntentURI(i.String())
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", s, i.String(), err)
		}
		if !reflect.DeepEqual(i, back) {
			t.Fatalf("%q: round trip\n%+v\n%+v", s, i, back)
		}
	})
}

// fuzzServer is a mock with no devices: fuzzed pushes never reach the hub.
func fuzzServer(f *testing.F) http.Handler {
	srv, err := xiaomi.New(mockvendors.Config{Apps: []mockvendors.App{theApp}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })
	return srv.Handler()
}

// FuzzPushRequest: any body and Authorization header get HTTP 200 and a
// well-shaped MiPush answer; the right secret always passes
// authentication.
func FuzzPushRequest(f *testing.F) {
	h := fuzzServer(f)
	for _, s := range formSeeds {
		f.Add("key="+secret, s)
	}
	f.Add("", "registration_id=x")
	f.Add("key=", strings.Repeat("a=1&", 100))
	f.Fuzz(func(t *testing.T, auth, body string) {
		req := httptest.NewRequest(http.MethodPost, xiaomi.PathRegID, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		req.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("HTTP %d", w.Code)
		}
		var r xiaomi.Response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.TraceID == "" {
			t.Fatalf("answer %q is not a MiPush response: %v", w.Body, err)
		}
		switch {
		case r.Result == xiaomi.ResultOK:
			t.Fatalf("a push with no registered device was accepted: %q", body)
		case r.Result != xiaomi.ResultError || r.Code == 0 || r.Description == "":
			t.Fatalf("failure shape: %+v", r)
		case auth == "key="+secret && r.Code == xiaomi.CodeAuthFailed:
			t.Fatalf("the right secret failed authentication: %+v", r)
		}
	})
}
