package console_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/pushsim/pushsim/console"
)

// A real environment serves the console and its stream, and closing the
// environment ends the open streams.
func TestEnvironmentServesTheConsole(t *testing.T) {
	env := startEnv(t)
	if resp, _ := get(t, env.URL()+console.UIPath); resp.StatusCode != http.StatusOK ||
		resp.Header.Get("Content-Security-Policy") != "default-src 'self'" {
		t.Fatalf("GET %s = %d (CSP %q), want 200 with the CSP", console.UIPath, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if resp, _ := get(t, env.URL()+"/_pushsim/ui"); resp.Request.URL.Path != console.UIPath {
		t.Errorf("GET /_pushsim/ui ended at %s, want a redirect to %s", resp.Request.URL.Path, console.UIPath)
	}

	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	_, s := openStream(t, ctx, env.URL()+console.StreamPath+"?device="+phoneID+"&kind=device.action")
	if err := env.Phone(phoneID).Background(); err != nil {
		t.Fatal(err)
	}
	if _, rec := s.nextEvent(t); rec["device"] != phoneID || rec["kind"] != "device.action" {
		t.Fatalf("event = %v, want %s's device.action", rec, phoneID)
	}

	if err := env.Close(); err != nil {
		t.Fatal(err)
	}
	for s.sc.Scan() {
	}
	// Closing the environment closes the connection: the read ends (with
	// EOF or a reset), before the test's deadline.
	if ctx.Err() != nil {
		t.Fatal("the stream outlived the environment")
	}
}
