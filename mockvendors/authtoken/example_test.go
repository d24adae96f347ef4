package authtoken_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// A mock issues tokens and checks them; a backend's cache fetches one
// and reuses it until shortly before it expires.
func Example() {
	now := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	iss := authtoken.NewIssuer(7, "oppo", 24*time.Hour, authtoken.UUID)

	cache := authtoken.NewCache(10 * time.Minute)
	key := authtoken.Key("https://api.push.oppomobile.com", "app-key", "master-secret")
	fetch := func(context.Context) (authtoken.Token, error) { return iss.Issue("30012345", "app-secret", now), nil }
	tok, _ := cache.Token(context.Background(), key, fetch)

	_, st := iss.Check(tok.Value, now.Add(time.Hour))
	fmt.Println(st)
	_, st = iss.Check(tok.Value, now.Add(25*time.Hour))
	fmt.Println(st)
	// Output:
	// valid
	// expired
}
