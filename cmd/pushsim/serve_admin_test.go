package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestChooseAdminToken(t *testing.T) {
	cases := []struct {
		name, flag  string
		insecure    bool
		listen, tls string
		want        string // "random" for a generated token
	}{
		{"loopback, nothing asked", "", false, "127.0.0.1:4780", "", ""},
		{"localhost", "", false, "localhost:4780", "", ""},
		{"ipv6 loopback", "", false, "[::1]:4780", "", ""},
		{"every interface", "", false, "0.0.0.0:4780", "", "random"},
		{"no host", "", false, ":4780", "", "random"},
		{"loopback, tls on every interface", "", false, "127.0.0.1:4780", "0.0.0.0:4443", "random"},
		{"given", "t0ken", false, "0.0.0.0:4780", "", "t0ken"},
		{"given on loopback", "t0ken", false, "127.0.0.1:4780", "", "t0ken"},
		{"insecure", "", true, "0.0.0.0:4780", "", ""},
	}
	for _, c := range cases {
		got, generated, err := chooseAdminToken(c.flag, c.insecure, c.listen, c.tls)
		if err != nil {
			t.Fatal(err)
		}
		if c.want == "random" {
			if !generated || len(got) != 48 {
				t.Errorf("%s: token %q generated %v, want 48 random hex digits", c.name, got, generated)
			}
			continue
		}
		if got != c.want || generated {
			t.Errorf("%s: token %q generated %v, want %q", c.name, got, generated, c.want)
		}
	}
	a, _, _ := chooseAdminToken("", false, "0.0.0.0:1", "")
	b, _, _ := chooseAdminToken("", false, "0.0.0.0:1", "")
	if a == b {
		t.Errorf("two generated tokens are both %q", a)
	}
}

func TestServeRefusesContradictoryAdminFlags(t *testing.T) {
	var stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve", "--listen", "127.0.0.1:0", "--admin-token", "x", "--insecure-admin"}, &bytes.Buffer{}, &stderr)
	if !errors.Is(err, errUsage) || !strings.Contains(stderr.String(), "contradict") {
		t.Fatalf("serve --admin-token x --insecure-admin = %v, stderr %q; want a usage error (exit 2)", err, stderr.String())
	}
}

func TestServeWithAdminToken(t *testing.T) {
	base, stderr := startServeWith(t, serveConfig, "--admin-token", "t0ken")
	if strings.Contains(stderr, "t0ken") {
		t.Errorf("serve printed the token it was given: %q", stderr)
	}
	c := &http.Client{Timeout: 10 * time.Second}
	get := func(auth string) int {
		req, _ := http.NewRequest(http.MethodGet, base+"/_pushsim/devices", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(""); got != http.StatusUnauthorized {
		t.Errorf("GET /_pushsim/devices without the token: %d, want 401", got)
	}
	if got := get("Bearer t0ken"); got != http.StatusOK {
		t.Errorf("GET /_pushsim/devices with the token: %d, want 200", got)
	}
}
