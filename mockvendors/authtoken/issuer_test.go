package authtoken_test

import (
	"math/rand/v2"
	"regexp"
	"testing"
	"time"

	"github.com/pushsim/pushsim/internal/seed"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

var t0 = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func TestIssuerLifetime(t *testing.T) {
	iss := authtoken.NewIssuer(7, "oppo", 0, authtoken.UUID)
	if iss.Lifetime() != authtoken.DefaultLifetime {
		t.Fatalf("lifetime %v, want the default 24h", iss.Lifetime())
	}
	tok := iss.Issue("app", "app-secret", t0)
	if tok.AppID != "app" || !tok.Created.Equal(t0) || !tok.Expires.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("token = %+v", tok)
	}
	tests := []struct {
		name  string
		value string
		at    time.Time
		want  authtoken.Status
	}{
		{"at issue", tok.Value, t0, authtoken.StatusValid},
		{"a nanosecond before expiry", tok.Value, tok.Expires.Add(-1), authtoken.StatusValid},
		{"at expiry", tok.Value, tok.Expires, authtoken.StatusExpired},
		{"never issued", "nope", t0, authtoken.StatusUnknown},
		{"empty", "", t0, authtoken.StatusUnknown},
	}
	for _, tc := range tests {
		got, st := iss.Check(tc.value, tc.at)
		if st != tc.want {
			t.Errorf("%s: status %v, want %v", tc.name, st, tc.want)
		}
		if st != authtoken.StatusUnknown && got.AppID != "app" {
			t.Errorf("%s: token %+v lost its app", tc.name, got)
		}
	}
	// Issuing long after expiry forgets the old token entirely.
	iss.Issue("app", "app-secret", tok.Expires.Add(25*time.Hour))
	if _, st := iss.Check(tok.Value, tok.Expires.Add(25*time.Hour)); st != authtoken.StatusUnknown {
		t.Errorf("a token expired over a lifetime ago is %v, want unknown", st)
	}
}

func TestIssuerIsSeeded(t *testing.T) {
	issue := func(root seed.Root) []string {
		iss := authtoken.NewIssuer(root, "vivo", time.Hour, authtoken.Alnum(40))
		var out []string
		for _, app := range []string{"a", "b", "a"} {
			out = append(out, iss.Issue(app, "app-secret", t0).Value)
		}
		return out
	}
	first, again, other := issue(7), issue(7), issue(8)
	for i := range first {
		if first[i] != again[i] {
			t.Errorf("token %d differs between runs: %s vs %s", i, first[i], again[i])
		}
		if first[i] == other[i] {
			t.Errorf("token %d is the same under another seed", i)
		}
	}
	if first[0] == first[2] {
		t.Error("an app's second token repeats its first")
	}
	alnum := regexp.MustCompile(`^[0-9a-z]{40}$`)
	for _, v := range first {
		if !alnum.MatchString(v) {
			t.Errorf("token %q is not 40 lowercase letters and digits", v)
		}
	}
	// Several valid tokens per app, as on both services.
	iss := authtoken.NewIssuer(1, "oppo", time.Hour, authtoken.UUID)
	a, b := iss.Issue("app", "app-secret", t0), iss.Issue("app", "app-secret", t0.Add(time.Minute))
	for _, v := range []string{a.Value, b.Value} {
		if _, st := iss.Check(v, t0.Add(2*time.Minute)); st != authtoken.StatusValid {
			t.Errorf("token %s is %v, want both valid", v, st)
		}
	}
}

func TestFormats(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	if v := authtoken.UUID(rand.New(rand.NewPCG(1, 2))); !uuid.MatchString(v) {
		t.Errorf("UUID = %q", v)
	}
	if v := authtoken.Alnum(12)(rand.New(rand.NewPCG(1, 2))); len(v) != 12 {
		t.Errorf("Alnum(12) = %q", v)
	}
	if authtoken.StatusValid.String() != "valid" || authtoken.StatusExpired.String() != "expired" || authtoken.StatusUnknown.String() != "unknown" {
		t.Error("status names are wrong")
	}
}

// TestTokensNeedTheAppSecret: two apps with different secrets under one
// seed get different tokens that replay identically, and a token computed
// from the seed alone (or with a wrong secret) is unknown to the issuer.
func TestTokensNeedTheAppSecret(t *testing.T) {
	const root seed.Root = 42
	issue := func(secret string) string {
		return authtoken.NewIssuer(root, "oppo", time.Hour, authtoken.UUID).Issue("app", secret, t0).Value
	}
	a, b := issue("secret-of-a"), issue("secret-of-b")
	if a == b {
		t.Fatalf("two secrets gave one token %s", a)
	}
	if again := issue("secret-of-a"); again != a {
		t.Fatalf("replay gave %s, then %s", a, again)
	}
	iss := authtoken.NewIssuer(root, "oppo", time.Hour, authtoken.UUID)
	real := iss.Issue("app", "secret-of-a", t0)
	for _, guess := range []string{
		authtoken.UUID(root.Stream("oppo", "authToken", "app", "1")), // the old, seed-only derivation
		authtoken.UUID(root.SecretStream("", "oppo", "authToken", "app", "1")),
		authtoken.UUID(root.SecretStream("secret-of-b", "oppo", "authToken", "app", "1")),
	} {
		if guess == real.Value {
			t.Fatalf("predicted %s without the secret", guess)
		}
		if _, st := iss.Check(guess, t0); st != authtoken.StatusUnknown {
			t.Errorf("predicted token %s: %v, want unknown", guess, st)
		}
	}
	if _, st := iss.Check(real.Value, t0); st != authtoken.StatusValid {
		t.Errorf("issued token: %v, want valid", st)
	}
}
