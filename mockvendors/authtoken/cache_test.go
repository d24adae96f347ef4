package authtoken_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

func TestCacheGetPutDrop(t *testing.T) {
	c := authtoken.NewCache(10 * time.Minute)
	tok := authtoken.Token{Value: "v1", Expires: t0.Add(time.Hour)}
	c.Put("k", tok)
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"fresh", t0, true},
		{"just before the margin", t0.Add(50*time.Minute - 1), true},
		{"inside the margin", t0.Add(50 * time.Minute), false},
		{"expired", t0.Add(2 * time.Hour), false},
	}
	for _, tc := range tests {
		if _, ok := c.Get("k", tc.at); ok != tc.ok {
			t.Errorf("%s: Get ok = %v, want %v", tc.name, ok, tc.ok)
		}
	}
	c.Drop("k", "other")
	if _, ok := c.Get("k", t0); !ok {
		t.Fatal("dropping another value removed the token")
	}
	c.Drop("k", "v1")
	if _, ok := c.Get("k", t0); ok {
		t.Fatal("the dropped token is still cached")
	}
	if authtoken.Key("a", "bc") == authtoken.Key("ab", "c") {
		t.Fatal("Key runs its parts together")
	}
}

func TestCacheFetchesOnceForConcurrentCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := authtoken.NewCache(0)
		var mu sync.Mutex
		fetches := 0
		fetch := func(ctx context.Context) (authtoken.Token, error) {
			mu.Lock()
			fetches++
			mu.Unlock()
			time.Sleep(time.Second) // a slow auth call
			now := time.Now()
			return authtoken.Token{Value: "v", Created: now, Expires: now.Add(authtoken.DefaultLifetime)}, nil
		}
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if tok, err := c.Token(context.Background(), "k", fetch); err != nil || tok.Value != "v" {
					t.Errorf("Token = %+v, %v", tok, err)
				}
			})
		}
		wg.Wait()
		if fetches != 1 {
			t.Fatalf("%d fetches for 10 concurrent callers, want 1", fetches)
		}
		time.Sleep(authtoken.DefaultLifetime - authtoken.DefaultRefreshMargin)
		if _, err := c.Token(context.Background(), "k", fetch); err != nil || fetches != 2 {
			t.Fatalf("after the refresh margin: %d fetches, %v; want a second fetch", fetches, err)
		}
	})
}

func TestCacheErrorsAndCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := authtoken.NewCache(0)
		boom := errors.New("refused")
		if _, err := c.Token(context.Background(), "k", func(context.Context) (authtoken.Token, error) { return authtoken.Token{}, boom }); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the fetch's", err)
		}
		release := make(chan struct{})
		slow := func(ctx context.Context) (authtoken.Token, error) {
			<-release
			return authtoken.Token{Value: "v", Expires: time.Now().Add(time.Hour)}, nil
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := c.Token(context.Background(), "k", slow); err != nil {
				t.Errorf("first caller: %v", err)
			}
		}()
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := c.Token(ctx, "k", slow); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a waiter whose context ends: %v, want its deadline", err)
		}
		close(release)
		<-done
	})
}

func TestCacheNoMarginAndForget(t *testing.T) {
	c := authtoken.NewCache(authtoken.NoRefreshMargin)
	c.Put("k", authtoken.Token{Value: "v1", Expires: t0.Add(time.Hour)})
	if _, ok := c.Get("k", t0.Add(time.Hour-1)); !ok {
		t.Error("without a margin, a token is not kept until it expires")
	}
	if _, ok := c.Get("k", t0.Add(time.Hour)); ok {
		t.Error("an expired token is still good")
	}
	c.Forget("k")
	if _, ok := c.Get("k", t0); ok {
		t.Error("Forget kept the token")
	}
}
