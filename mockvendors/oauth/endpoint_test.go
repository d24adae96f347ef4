package oauth_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pushsim/pushsim/mockvendors/oauth"
)

func TestTokenEndpoint(t *testing.T) {
	tests := []struct {
		name   string
		method string
		form   string
		basic  [2]string
		status int
		err    string
	}{
		{name: "ok", form: "grant_type=client_credentials&client_id=client&client_secret=s3cr3t", status: 200},
		{name: "secret with reserved characters", form: "grant_type=client_credentials&client_id=client&client_secret=s3cr3t&x=%2F", status: 200},
		{name: "HTTP Basic credentials", form: "grant_type=client_credentials", basic: [2]string{"client", "s3cr3t"}, status: 200},
		{name: "GET", method: http.MethodGet, status: 405, err: oauth.ErrInvalidRequest},
		{name: "no grant_type", form: "client_id=client&client_secret=s3cr3t", status: 400, err: oauth.ErrInvalidRequest},
		{name: "password grant", form: "grant_type=password&client_id=client&client_secret=s3cr3t", status: 400, err: oauth.ErrUnsupportedGrantType},
		{name: "no client_id", form: "grant_type=client_credentials&client_secret=s3cr3t", status: 400, err: oauth.ErrInvalidRequest},
		{name: "no client_secret", form: "grant_type=client_credentials&client_id=client", status: 400, err: oauth.ErrInvalidRequest},
		{name: "wrong secret", form: "grant_type=client_credentials&client_id=client&client_secret=nope", status: 401, err: oauth.ErrInvalidClient},
		{name: "unknown client", form: "grant_type=client_credentials&client_id=who&client_secret=s3cr3t", status: 401, err: oauth.ErrInvalidClient},
		{name: "bad form", form: "%zz", status: 400, err: oauth.ErrInvalidRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := newIssuer(1)
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			req := httptest.NewRequest(method, "/oauth2/v3/token", strings.NewReader(tc.form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.basic[0] != "" {
				req.SetBasicAuth(tc.basic[0], tc.basic[1])
			}
			w := httptest.NewRecorder()
			i.ServeHTTP(w, req)
			var got oauth.TokenResponse
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer %q: %v", w.Body, err)
			}
			if w.Code != tc.status || got.Error != tc.err {
				t.Fatalf("answer %d %+v, want %d %q", w.Code, got, tc.status, tc.err)
			}
			if tc.err == "" {
				if got.AccessToken == "" || got.ExpiresIn != 3600 || got.TokenType != "Bearer" {
					t.Fatalf("token answer = %+v", got)
				}
				if g, st := i.Check(got.AccessToken); st != oauth.Valid || g.AppID != "app-client" {
					t.Fatalf("issued token checks as %+v %s", g, st)
				}
			} else if got.ErrorDescription == "" || got.AccessToken != "" {
				t.Fatalf("error answer = %+v", got)
			}
			if strings.Contains(w.Body.String(), "s3cr3t") {
				t.Fatal("the answer echoes the secret")
			}
		})
	}
}

func TestBearerToken(t *testing.T) {
	for _, tc := range []struct {
		header string
		bare   bool
		want   string
	}{
		{"Bearer abc==", false, "abc=="},
		{"bearer  abc ", false, "abc"},
		{"BEARER abc", true, "abc"},
		{"abc", false, ""},
		{"abc", true, "abc"},
		{"Basic abc", true, ""},
		{"", true, ""},
		{"Bearer", false, ""},
	} {
		if got := oauth.BearerToken(tc.header, tc.bare); got != tc.want {
			t.Errorf("BearerToken(%q, %v) = %q, want %q", tc.header, tc.bare, got, tc.want)
		}
	}
}

// FuzzTokenEndpoint: any form gets an RFC 6749 answer, and only the right
// credentials get a token.
func FuzzTokenEndpoint(f *testing.F) {
	f.Add("grant_type=client_credentials&client_id=client&client_secret=s3cr3t")
	f.Add("grant_type=client_credentials&client_id=client&client_secret=s3cr3t&client_id=other")
	f.Add("%zz&grant_type")
	f.Add(strings.Repeat("a=1&", 100))
	i := newIssuer(1)
	f.Fuzz(func(t *testing.T, form string) {
		req := httptest.NewRequest(http.MethodPost, "/token", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		i.ServeHTTP(w, req)
		var got oauth.TokenResponse
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("answer %q: %v", w.Body, err)
		}
		if (w.Code == http.StatusOK) != (got.AccessToken != "" && got.Error == "") {
			t.Fatalf("answer %d %+v", w.Code, got)
		}
		if w.Code == http.StatusOK {
			req.ParseForm()
			if req.PostForm.Get("client_id") != "client" || req.PostForm.Get("client_secret") != "s3cr3t" {
				t.Fatalf("form %q got a token", form)
			}
		}
	})
}

// FuzzBearerToken: the token is part of the header, and without the
// Bearer scheme only a bare-token vendor takes one.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "abc", "bearer \t x y", ""} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, h string, bare bool) {
		got := oauth.BearerToken(h, bare)
		scheme := strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), "bearer ")
		if !strings.Contains(h, got) || (!bare && !scheme && got != "") {
			t.Fatalf("BearerToken(%q, %v) = %q", h, bare, got)
		}
	})
}
