package oauth_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// A vendor mock serves the issuer as its token endpoint and checks the
// bearer token of each API call; a backend keeps its token in a Cache.
func ExampleIssuer() {
	issuer := oauth.NewIssuer(oauth.Config{Vendor: "example", Seed: 7,
		Authenticate: func(clientID, secret string) (string, bool) { return clientID, secret == "s3cr3t" }})
	ts := httptest.NewServer(issuer)
	defer ts.Close()

	cache := oauth.NewCache()
	tok, err := cache.Token(context.Background(), ts.Client(), ts.URL, "104123456", "s3cr3t")
	if err != nil {
		panic(err)
	}
	grant, status := issuer.Check(oauth.BearerToken("Bearer "+tok, false))
	fmt.Println(status, grant.AppID)

	issuer.ExpireAll()
	_, status = issuer.Check(tok)
	fmt.Println(status)
	// Output:
	// valid 104123456
	// expired
}
