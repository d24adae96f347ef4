package oppo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/mockvendors/oppo"
)

func TestSign(t *testing.T) {
	sum := sha256.Sum256([]byte("key" + "1500000000000" + "secret"))
	if got, want := oppo.Sign("key", "1500000000000", "secret"), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if got := oppo.Sign("", "", ""); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("Sign of nothing = %s, want the SHA-256 of the empty string", got)
	}
}

func TestAuthCodes(t *testing.T) {
	const ts = "946684800000" // the bubble's start, in ms
	signed := func(key, ts, secret string) url.Values {
		return url.Values{"app_key": {key}, "timestamp": {ts}, "sign": {oppo.Sign(key, ts, secret)}}
	}
	tests := []struct {
		name string
		opts []oppo.Option
		form url.Values
		code int
	}{
		{name: "ok", form: signed(appKey, ts, masterSecret), code: oppo.CodeOK},
		{name: "upper-case sign", form: url.Values{"app_key": {appKey}, "timestamp": {ts}, "sign": {strings.ToUpper(oppo.Sign(appKey, ts, masterSecret))}}, code: oppo.CodeOK},
		{name: "no app_key", form: url.Values{"timestamp": {ts}, "sign": {"x"}}, code: oppo.CodeMissingAppKey},
		{name: "unknown app_key", form: signed("nope", ts, masterSecret), code: oppo.CodeInvalidAppKey},
		{name: "app id is not the key", form: signed(appID, ts, masterSecret), code: oppo.CodeInvalidAppKey},
		{name: "disabled app", opts: []oppo.Option{oppo.WithDisabledApps(appID)}, form: signed(appKey, ts, masterSecret), code: oppo.CodeAppDisabled},
		{name: "no timestamp", form: url.Values{"app_key": {appKey}, "sign": {"x"}}, code: oppo.CodeMissingTimestamp},
		{name: "timestamp not a number", form: signed(appKey, "yesterday", masterSecret), code: oppo.CodeInvalidTimestamp},
		{name: "timestamp from 1970", form: signed(appKey, "1", masterSecret), code: oppo.CodeInvalidTimestamp},
		{name: "timestamp 11 minutes old", form: signed(appKey, "946684140000", masterSecret), code: oppo.CodeInvalidTimestamp},
		{name: "timestamp 11 minutes ahead", form: signed(appKey, "946685460000", masterSecret), code: oppo.CodeInvalidTimestamp},
		{name: "timestamp 9 minutes old", form: signed(appKey, "946684260000", masterSecret), code: oppo.CodeOK},
		{name: "timestamp 9 minutes ahead", form: signed(appKey, "946685340000", masterSecret), code: oppo.CodeOK},
		{name: "timestamp in seconds", form: signed(appKey, "946684800", masterSecret), code: oppo.CodeInvalidTimestamp},
		{name: "no sign", form: url.Values{"app_key": {appKey}, "timestamp": {ts}}, code: oppo.CodeMissingSign},
		{name: "signed with the app secret", form: signed(appKey, ts, appSecret), code: oppo.CodeInvalidSign},
		{name: "signed over another timestamp", form: url.Values{"app_key": {appKey}, "timestamp": {ts}, "sign": {oppo.Sign(appKey, "1", masterSecret)}}, code: oppo.CodeInvalidSign},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{}, tc.opts...)
				r := e.raw(http.MethodPost, oppo.PathAuth, tc.form, nil)
				if r.Code != tc.code || r.Message == "" {
					t.Fatalf("auth = %+v, want code %d with a message", r, tc.code)
				}
				if tc.code != oppo.CodeOK {
					if len(r.Data) != 0 {
						t.Errorf("failure carries data %s", r.Data)
					}
					return
				}
				var d oppo.AuthData
				if err := r.DataAs(&d); err != nil || len(d.AuthToken) != 36 || d.CreateTime != time.Now().UnixMilli() {
					t.Fatalf("data = %s (%v), want a UUID-shaped auth_token created now", r.Data, err)
				}
			})
		})
	}
}

func TestAuthTokenInBodyOrHeaderAndItsLifetime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		msg := func() string {
			b, _ := toJSON(to(tok, note("Bob", "hi")))
			return b
		}
		auth := e.token()
		tests := []struct {
			name   string
			form   url.Values
			header http.Header
			code   int
		}{
			{"in the body", url.Values{"auth_token": {auth}, "message": {msg()}}, nil, oppo.CodeOK},
			{"in a header", url.Values{"message": {msg()}}, http.Header{"Auth_token": {auth}}, oppo.CodeOK},
			{"missing", url.Values{"message": {msg()}}, nil, oppo.CodeMissingAuthToken},
			{"unknown", url.Values{"auth_token": {"0000"}, "message": {msg()}}, nil, oppo.CodeInvalidAuthToken},
		}
		for _, tc := range tests {
			if r := e.raw(http.MethodPost, oppo.PathUnicast, tc.form, tc.header); r.Code != tc.code {
				t.Errorf("%s: code %d (%s), want %d", tc.name, r.Code, r.Message, tc.code)
			}
		}
		time.Sleep(24*time.Hour - time.Second)
		if r := e.raw(http.MethodPost, oppo.PathUnicast, url.Values{"auth_token": {auth}, "message": {msg()}}, nil); r.Code != oppo.CodeOK {
			t.Fatalf("a second before expiry: %+v", r)
		}
		time.Sleep(time.Second)
		if r := e.raw(http.MethodPost, oppo.PathUnicast, url.Values{"auth_token": {auth}, "message": {msg()}}, nil); r.Code != oppo.CodeInvalidAuthToken {
			t.Fatalf("after 24 h: %+v, want %d", r, oppo.CodeInvalidAuthToken)
		}
	})
}

func TestClientGetsANewTokenWhenTheOldOneIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The service's tokens live an hour; the client expects 24 h, so
		// its cached token is refused (11) before the client would renew it.
		e := newEnv(t, mockvendors.Config{}, oppo.WithAuthTokenLifetime(time.Hour))
		_, tok := e.phone("alice")
		if r := e.unicast(to(tok, note("Bob", "one"))); r.Code != oppo.CodeOK {
			t.Fatalf("first push: %+v", r)
		}
		time.Sleep(2 * time.Hour)
		if r := e.unicast(to(tok, note("Bob", "two"))); r.Code != oppo.CodeOK {
			t.Fatalf("push after the service expired the token: %+v, want the client to renew and succeed", r)
		}
	})
}

func TestClientSharesOneTokenAcrossConcurrentPushes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		counter := &mocktest.Counter{Next: e.HC.Transport}
		client := oppo.NewClient(apiURL, &http.Client{Transport: counter, Timeout: 10 * time.Second})
		done := make(chan struct{})
		for i := range 5 {
			go func() {
				defer func() { done <- struct{}{} }()
				r, err := client.Unicast(context.Background(), creds, to(tok, note("Bob", strconv.Itoa(i))))
				if err != nil || r.Code != oppo.CodeOK {
					t.Errorf("push %d: %+v %v", i, r, err)
				}
			}()
		}
		for range 5 {
			<-done
		}
		if n := counter.Count(oppo.PathAuth); n != 1 {
			t.Errorf("%d auth calls for 5 concurrent pushes, want 1", n)
		}
		for _, m := range e.srv.Messages().List() {
			if _, ok := m.Params["auth_token"]; ok {
				t.Fatalf("the recorder kept the auth token: %v", m.Params)
			}
		}
	})
}
