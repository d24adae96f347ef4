package vivo_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/internal/mocktest"
	"github.com/pushsim/pushsim/mockvendors/vivo"
)

func TestSign(t *testing.T) {
	sum := md5.Sum([]byte("10004" + "key" + "1501484120000" + "secret"))
	if got, want := vivo.Sign(" 10004", "key ", 1501484120000, "secret"), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("Sign = %s, want %s (trimmed parts)", got, want)
	}
}

func TestAuthCodes(t *testing.T) {
	now := int64(946684800000) // the bubble's start, in ms
	body := func(id, key string, ts int64, secret string) string {
		return `{"appId":"` + id + `","appKey":"` + key + `","timestamp":` + strconv.FormatInt(ts, 10) + `,"sign":"` + vivo.Sign(id, key, ts, secret) + `"}`
	}
	tests := []struct {
		name string
		body string
		code int
		desc string // part of desc, for 10000
	}{
		{"ok", body(appID, appKey, now, appSecret), vivo.CodeOK, ""},
		{"appId as a number, sign upper case", `{"appId":10004,"appKey":"` + appKey + `","timestamp":"` + strconv.FormatInt(now, 10) + `","sign":"` +
			strings.ToUpper(vivo.Sign(appID, appKey, now, appSecret)) + `"}`, vivo.CodeOK, ""},
		{"not JSON", `{`, vivo.CodeInvalidParam, ""},
		{"no appId", body("", appKey, now, appSecret), vivo.CodeAppIDEmpty, ""},
		{"no appKey", body(appID, "", now, appSecret), vivo.CodeAppKeyEmpty, ""},
		{"unknown app", body("999", appKey, now, appSecret), vivo.CodeAuthFailed, "appId"},
		{"wrong appKey", body(appID, "nope", now, appSecret), vivo.CodeAuthFailed, "appKey"},
		{"timestamp 11 minutes off", body(appID, appKey, now-11*60*1000, appSecret), vivo.CodeAuthFailed, "timestamp"},
		{"timestamp in seconds", body(appID, appKey, now/1000, appSecret), vivo.CodeAuthFailed, "timestamp"},
		{"timestamp 9 minutes ahead", body(appID, appKey, now+9*60*1000, appSecret), vivo.CodeOK, ""},
		{"wrong secret", body(appID, appKey, now, "nope"), vivo.CodeAuthFailed, "sign"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, mockvendors.Config{})
				r := e.raw(vivo.PathAuth, "", tc.body)
				if r.Result != tc.code || !strings.Contains(r.Desc, tc.desc) || r.Desc == "" {
					t.Fatalf("auth = %+v, want result %d mentioning %q", r, tc.code, tc.desc)
				}
				if (tc.code == vivo.CodeOK) != (len(r.AuthToken) == vivo.AuthTokenLength) {
					t.Fatalf("auth = %+v: a %d-character authToken exactly on success", r, vivo.AuthTokenLength)
				}
			})
		})
	}
}

func TestAuthRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		for i := range 10 {
			if _, err := e.client.Auth(context.Background(), creds); err != nil {
				t.Fatalf("auth %d: %v", i, err)
			}
		}
		_, err := e.client.Auth(context.Background(), creds)
		if e, ok := err.(*vivo.APIError); !ok || e.Code != vivo.CodeAuthTooFrequent {
			t.Fatalf("11th auth within a second: %v, want %d", err, vivo.CodeAuthTooFrequent)
		}
		time.Sleep(time.Second)
		if _, err := e.client.Auth(context.Background(), creds); err != nil {
			t.Fatalf("a second later: %v", err)
		}
	})
}

func TestAuthTokenHeaderAndLifetime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		auth := e.token()
		for _, tc := range []struct {
			name, token string
			code        int
		}{{"missing", "", vivo.CodeAuthFailed}, {"unknown", "0000", vivo.CodeAuthFailed}, {"valid", auth, vivo.CodeOK}} {
			if r := e.raw(vivo.PathSend, tc.token, msg(tok, "r-"+tc.name, "hi")); r.Result != tc.code {
				t.Errorf("%s token: %+v, want %d", tc.name, r, tc.code)
			}
		}
		time.Sleep(24 * time.Hour)
		if r := e.raw(vivo.PathSend, auth, msg(tok, "r-late", "hi")); r.Result != vivo.CodeAuthFailed || !strings.Contains(r.Desc, "过期") {
			t.Fatalf("after 24 h: %+v, want an expired-token %d", r, vivo.CodeAuthFailed)
		}
	})
}

func TestClientRenewsItsToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The service's tokens live 90 minutes; the client renews every 2 h,
		// so at 1h45 it is refused (10000), renews and succeeds.
		e := newEnv(t, mockvendors.Config{}, vivo.WithAuthTokenLifetime(90*time.Minute))
		_, tok := e.phone("alice")
		counter := &mocktest.Counter{Next: e.HC.Transport}
		client := vivo.NewClient(apiURL, &http.Client{Transport: counter, Timeout: 10 * time.Second})
		send := func(id string) {
			t.Helper()
			r, err := client.Send(context.Background(), creds, msg(tok, id, "hi"))
			if err != nil || r.Result != vivo.CodeOK {
				t.Fatalf("send %s: %+v %v", id, r, err)
			}
		}
		send("a")
		send("b")
		if n := counter.Count(vivo.PathAuth); n != 1 {
			t.Fatalf("%d auth calls for two sends, want 1", n)
		}
		time.Sleep(105 * time.Minute)
		send("c")
		if n := counter.Count(vivo.PathAuth); n != 2 {
			t.Fatalf("%d auth calls after the service refused the token, want 2", n)
		}
		time.Sleep(vivo.RefreshAfter)
		send("d")
		if n := counter.Count(vivo.PathAuth); n != 3 {
			t.Fatalf("%d auth calls after %v, want 3 (renewed without a refusal)", n, vivo.RefreshAfter)
		}
	})
}

func TestClientSharesOneTokenAcrossConcurrentSends(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, mockvendors.Config{})
		_, tok := e.phone("alice")
		counter := &mocktest.Counter{Next: e.HC.Transport}
		client := vivo.NewClient(apiURL, &http.Client{Transport: counter, Timeout: 10 * time.Second})
		done := make(chan struct{})
		for i := range 20 {
			go func() {
				defer func() { done <- struct{}{} }()
				r, err := client.Send(context.Background(), creds, msg(tok, "c"+strconv.Itoa(i), "hi"))
				if err != nil || r.Result != vivo.CodeOK {
					t.Errorf("send %d: %+v %v", i, r, err)
				}
			}()
		}
		for range 20 {
			<-done
		}
		if n := counter.Count(vivo.PathAuth); n != 1 {
			t.Errorf("%d auth calls for 20 concurrent sends, want 1 (auth is limited to 10/s)", n)
		}
	})
}
