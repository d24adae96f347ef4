package fcm_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/fcm"
)

// signed builds an RS256 JWT over the header and claims with key.
func signed(t *testing.T, header map[string]string, claims any, key *rsa.PrivateKey) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	s := enc(header) + "." + enc(claims)
	sum := sha256.Sum256([]byte(s))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return s + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestTokenEndpoint(t *testing.T) {
	type tc struct {
		name  string
		form  func(e *env) url.Values
		err   string
		descr string
	}
	grant := func(assertion string) url.Values {
		return url.Values{"grant_type": {fcm.GrantTypeJWTBearer}, "assertion": {assertion}}
	}
	claims := func(e *env, mutate func(*fcm.Assertion)) fcm.Assertion {
		now := time.Now().Unix()
		c := fcm.Assertion{Iss: e.sa.ClientEmail, Scope: fcm.MessagingScope, Aud: fcm.DefaultTokenURI, Iat: now, Exp: now + 3600}
		if mutate != nil {
			mutate(&c)
		}
		return c
	}
	hdr := map[string]string{"alg": "RS256", "typ": "JWT", "kid": "key-0"}
	cases := []tc{
		{"no grant type", func(e *env) url.Values { return url.Values{"assertion": {"x"}} }, "unsupported_grant_type", "Invalid grant_type: "},
		{"client credentials", func(e *env) url.Values { return url.Values{"grant_type": {"client_credentials"}} }, "unsupported_grant_type", "Invalid grant_type: client_credentials"},
		{"no assertion", func(e *env) url.Values { return url.Values{"grant_type": {fcm.GrantTypeJWTBearer}} }, "invalid_request", "Missing required parameter: assertion"},
		{"garbage", func(e *env) url.Values { return grant("a.b") }, "invalid_grant", "Invalid JWT Signature."},
		{"unknown account", func(e *env) url.Values {
			return grant(signed(t, hdr, claims(e, func(c *fcm.Assertion) { c.Iss = "x@y.iam.gserviceaccount.com" }), testKey(t, 0)))
		}, "invalid_grant", "Invalid grant: account not found"},
		{"wrong key", func(e *env) url.Values { return grant(signed(t, hdr, claims(e, nil), testKey(t, 1))) }, "invalid_grant", "Invalid JWT Signature."},
		{"wrong kid", func(e *env) url.Values {
			return grant(signed(t, map[string]string{"alg": "RS256", "kid": "key-9"}, claims(e, nil), testKey(t, 0)))
		}, "invalid_grant", "Invalid JWT Signature."},
		{"HS256", func(e *env) url.Values {
			return grant(signed(t, map[string]string{"alg": "HS256"}, claims(e, nil), testKey(t, 0)))
		}, "invalid_grant", "Invalid JWT Signature."},
		{"wrong audience", func(e *env) url.Values {
			return grant(signed(t, hdr, claims(e, func(c *fcm.Assertion) { c.Aud = "https://example.com/token" }), testKey(t, 0)))
		}, "invalid_grant", "Failed audience check"},
		{"expired assertion", func(e *env) url.Values {
			return grant(signed(t, hdr, claims(e, func(c *fcm.Assertion) { c.Iat -= 7200; c.Exp -= 7200 }), testKey(t, 0)))
		}, "invalid_grant", "short-lived token"},
		{"too long-lived", func(e *env) url.Values {
			return grant(signed(t, hdr, claims(e, func(c *fcm.Assertion) { c.Exp += 3600 }), testKey(t, 0)))
		}, "invalid_grant", "short-lived token"},
		{"no scope", func(e *env) url.Values {
			return grant(signed(t, hdr, claims(e, func(c *fcm.Assertion) { c.Scope = "" }), testKey(t, 0)))
		}, "invalid_scope", "Invalid OAuth scope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := newEnv(t, true, nil)
				a := e.postToken(c.form(e))
				var te fcm.TokenError
				if err := json.Unmarshal(a.body, &te); err != nil || a.status != 400 || te.Error != c.err || !contains([]byte(te.Description), c.descr) {
					t.Errorf("answer %d %s, want 400 %s %q", a.status, a.body, c.err, c.descr)
				}
			})
		})
	}
}

func TestAccessTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		other, err := fcm.NewServiceAccount("other-project", "key-2", testKey(t, 2))
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, true, nil, fcm.AppFor("other-project", "com.example.other", other.JSON()))
		_, token := e.device("phone-1")

		a := e.postToken(url.Values{"grant_type": {fcm.GrantTypeJWTBearer}, "assertion": {mustAssertion(t, e.sa)}})
		var tr fcm.TokenResponse
		if err := json.Unmarshal(a.body, &tr); err != nil || a.status != 200 || tr.TokenType != "Bearer" || tr.ExpiresIn != 3599 || tr.AccessToken == "" {
			t.Fatalf("token = %d %s", a.status, a.body)
		}
		if a := e.sendJSON(tr.AccessToken, msg(token)); a.status != 200 {
			t.Fatalf("send with a fresh token = %d %s", a.status, a.body)
		}

		// Another project's token does not open this project.
		if a := e.sendJSON(e.tokenFor(other), msg(token)); a.status != 403 || a.errorResponse(t).Error.Status != fcm.StatusPermissionDenied {
			t.Errorf("send with another project's token = %d %s", a.status, a.body)
		}

		// A token without a messaging scope is refused.
		now := time.Now().Unix()
		narrow := signed(t, map[string]string{"alg": "RS256", "kid": "key-0"},
			fcm.Assertion{Iss: e.sa.ClientEmail, Scope: "https://www.googleapis.com/auth/userinfo.email", Aud: fcm.DefaultTokenURI, Iat: now, Exp: now + 3600}, testKey(t, 0))
		a = e.postToken(url.Values{"grant_type": {fcm.GrantTypeJWTBearer}, "assertion": {narrow}})
		_ = json.Unmarshal(a.body, &tr)
		if a := e.sendJSON(tr.AccessToken, msg(token)); a.status != 403 || a.errorResponse(t).Error.Details[0].Reason != "ACCESS_TOKEN_SCOPE_INSUFFICIENT" {
			t.Errorf("send with a token lacking the scope = %d %s", a.status, a.body)
		}

		// After an hour the token is refused as expired.
		fresh := e.tokenFor(e.sa)
		time.Sleep(time.Hour)
		a = e.sendJSON(fresh, msg(token))
		r := a.errorResponse(t)
		if a.status != 401 || r.Error.Details[0].Reason != "ACCESS_TOKEN_EXPIRED" {
			t.Errorf("send with an hour-old token = %d %s", a.status, a.body)
		}
	})
}

func mustAssertion(t *testing.T, sa *fcm.ServiceAccount) string {
	t.Helper()
	s, err := fcm.SignAssertion(sa, fcm.MessagingScope, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
