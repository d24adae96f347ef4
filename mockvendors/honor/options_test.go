package honor_test

import (
	"testing"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/honor"
)

func TestOptionsRefuseBadValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  honor.Option
	}{
		{"negative rate", honor.WithRateLimit(-1, time.Minute)},
		{"rate without a window", honor.WithRateLimit(1, 0)},
		{"zero message size", honor.WithMaxMessageBytes(0)},
		{"sub-second token lifetime", honor.WithTokenLifetime(0)},
		{"keepalive wait below ping", honor.WithKeepalive(time.Minute, time.Second)},
	} {
		if _, err := honor.New(mockvendors.Config{}, tc.opt); err == nil {
			t.Errorf("%s: New accepted it", tc.name)
		}
	}
	if _, err := honor.New(mockvendors.Config{Apps: []mockvendors.App{{}}}); err == nil {
		t.Error("New accepted an app without an ID")
	}
	srv, err := honor.New(mockvendors.Config{}, honor.WithKeepalive(time.Second, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddApp(theApp)
	if !srv.HasApp(appID) || srv.HasApp("x") || srv.Vendor() != "honor" || len(srv.Hosts()) != 4 {
		t.Error("server basics")
	}
}
