package oauth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/internal/netsim"
	"github.com/pushsim/pushsim/mockvendors/oauth"
)

// tokenServer serves an issuer on an in-memory network and counts token
// requests. Build it inside a bubble.
func tokenServer(t *testing.T, i http.Handler) (*http.Client, string, *atomic.Int32) {
	t.Helper()
	mem := netsim.NewMemory()
	ln, err := mem.Listen("tcp", "auth.sim:80")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int32
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		i.ServeHTTP(w, r)
	})}
	done := make(chan struct{})
	go func() { defer close(done); _ = hs.Serve(ln) }()
	hc := netsim.HTTPClient(mem, 10*time.Second)
	t.Cleanup(func() {
		hs.Close()
		<-done
		hc.CloseIdleConnections()
		mem.Close()
	})
	return hc, "http://auth.sim:80/token", &n
}

func TestCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		i := newIssuer(1)
		hc, u, n := tokenServer(t, i)
		c := oauth.NewCache()
		ctx := context.Background()
		first, err := c.Token(ctx, hc, u, "client", "s3cr3t")
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := c.Token(ctx, hc, u, "client", "s3cr3t"); again != first || n.Load() != 1 {
			t.Fatalf("the cached token was not reused (%d requests)", n.Load())
		}
		c.Forget(u, "client", "s3cr3t")
		second, _ := c.Token(ctx, hc, u, "client", "s3cr3t")
		if second == first || n.Load() != 2 {
			t.Fatalf("Forget did not make the cache fetch a new token (%d requests)", n.Load())
		}
		time.Sleep(time.Hour)
		third, _ := c.Token(ctx, hc, u, "client", "s3cr3t")
		if third == second || n.Load() != 3 {
			t.Fatalf("an expired token was reused (%d requests)", n.Load())
		}
		if _, st := i.Check(third); st != oauth.Valid {
			t.Fatalf("the fetched token is %s", st)
		}

		_, err = c.Token(ctx, hc, u, "client", "wrong")
		var te *oauth.TokenError
		if !errors.As(err, &te) || te.Status != 401 || te.Code != oauth.ErrInvalidClient || strings.Contains(err.Error(), "wrong") {
			t.Fatalf("wrong secret: %v", err)
		}
		if n.Load() != 4 {
			t.Fatal("a wrong secret reused the right secret's token")
		}
	})
}

func TestFetchNotATokenEndpoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hc, u, _ := tokenServer(t, http.NotFoundHandler())
		_, _, err := oauth.Fetch(context.Background(), hc, u, "client", "s3cr3t")
		var te *oauth.TokenError
		if err == nil || errors.As(err, &te) {
			t.Fatalf("a 404 page = %v, want a plain error", err)
		}
		if _, _, err := oauth.Fetch(context.Background(), hc, "http://nowhere.sim:80/token", "client", "s3cr3t"); err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Fatalf("unreachable endpoint: %v", err)
		}
	})
}

func TestFetchDefaultsLifetime(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"access_token":"abc"}`))
	})
	ts := httptest.NewServer(h)
	defer ts.Close()
	tok, ttl, err := oauth.Fetch(context.Background(), ts.Client(), ts.URL, "c", "s")
	if err != nil || tok != "abc" || ttl != oauth.DefaultLifetime {
		t.Fatalf("Fetch = %q %v %v", tok, ttl, err)
	}
}
