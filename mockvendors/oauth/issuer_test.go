package oauth_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/oauth"
)

func newIssuer(root seed.Root) *oauth.Issuer {
	return oauth.NewIssuer(oauth.Config{Vendor: "test", Seed: root, Authenticate: func(id, secret string) (string, bool) {
		return "app-" + id, id == "client" && secret == "s3cr3t"
	}})
}

func TestIssueAndCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		i := newIssuer(1)
		if i.Lifetime() != time.Hour {
			t.Fatalf("Lifetime = %v", i.Lifetime())
		}
		tok, g := i.Issue("client", "app-1", "client-secret")
		if g.ClientID != "client" || g.AppID != "app-1" || !g.ExpiresAt.Equal(time.Now().Add(time.Hour)) {
			t.Fatalf("grant = %+v", g)
		}
		for _, tc := range []struct {
			after time.Duration
			token string
			want  oauth.Status
		}{
			{0, tok, oauth.Valid},
			{0, "", oauth.Missing},
			{0, "nope", oauth.Unknown},
			{time.Hour - time.Second, tok, oauth.Valid},
			{time.Second, tok, oauth.Expired},
			{oauth.RetainExpired, tok, oauth.Expired},
		} {
			time.Sleep(tc.after)
			if got, st := i.Check(tc.token); st != tc.want || (st == oauth.Valid && got.AppID != "app-1") {
				t.Fatalf("after %v Check(%q) = %+v, %s; want %s", tc.after, tc.token, got, st, tc.want)
			}
		}
		// Issuing prunes tokens that expired long ago.
		time.Sleep(time.Second)
		i.Issue("client", "app-1", "client-secret")
		if _, st := i.Check(tok); st != oauth.Unknown {
			t.Errorf("a token expired over a day ago is %s, want unknown", st)
		}
	})
}

func TestIssueIsDeterministic(t *testing.T) {
	a, b := newIssuer(5), newIssuer(5)
	a1, _ := a.Issue("client", "x", "client-secret")
	a2, _ := a.Issue("client", "x", "client-secret")
	b.Issue("other", "y", "client-secret")
	b1, _ := b.Issue("client", "x", "client-secret")
	if a1 == a2 {
		t.Error("two tokens of one client are equal")
	}
	if a1 != b1 {
		t.Error("the first token of a client depends on other clients' requests")
	}
	if c1, _ := newIssuer(6).Issue("client", "x", "client-secret"); c1 == a1 {
		t.Error("another seed gave the same token")
	}
}

func TestExpireAll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		i := newIssuer(1)
		tok, _ := i.Issue("client", "app", "client-secret")
		i.ExpireAll()
		if _, st := i.Check(tok); st != oauth.Expired {
			t.Fatalf("after ExpireAll the token is %s", st)
		}
		fresh, _ := i.Issue("client", "app", "client-secret")
		if _, st := i.Check(fresh); st != oauth.Valid {
			t.Fatalf("a token issued after ExpireAll is %s", st)
		}
	})
}

func TestStatusString(t *testing.T) {
	for st, want := range map[oauth.Status]string{oauth.Valid: "valid", oauth.Missing: "missing", oauth.Unknown: "unknown",
		oauth.Expired: "expired", oauth.Status(9): "status(9)"} {
		if st.String() != want {
			t.Errorf("%d.String() = %q", st, st.String())
		}
	}
}

func TestAccessTokensNeedTheClientSecret(t *testing.T) {
	i := newIssuer(5)
	a, _ := i.Issue("client", "x", "secret-a")
	b, _ := newIssuer(5).Issue("client", "x", "secret-b")
	if a == b {
		t.Fatalf("two secrets gave one token")
	}
	if again, _ := newIssuer(5).Issue("client", "x", "secret-a"); again != a {
		t.Fatalf("the same seed and secret did not replay the token")
	}
	if _, st := i.Check(b); st != oauth.Unknown {
		t.Errorf("a token for another secret: %v, want unknown", st)
	}
}
