package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

func TestUsersigCommand(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		expire  time.Duration // of the printed sig; 0: usage error
		wantErr string        // in stderr
	}{
		{"default lifetime", []string{"--sdkappid", "1400000001", "--key", "k3y", "--user", "administrator"}, 24 * time.Hour, ""},
		{"chosen lifetime", []string{"--sdkappid=1400000001", "--key=k3y", "--user=administrator", "--expire=600"}, 10 * time.Minute, ""},
		{"no key", []string{"--sdkappid", "1400000001", "--user", "administrator"}, 0, "--key is required"},
		{"no user", []string{"--sdkappid", "1400000001", "--key", "k3y"}, 0, "--user is required"},
		{"no sdkappid", []string{"--key", "k3y", "--user", "u"}, 0, "--sdkappid is required"},
		{"zero expire", []string{"--sdkappid", "1", "--key", "k", "--user", "u", "--expire", "0"}, 0, "--expire 0: want a positive number"},
		{"negative expire", []string{"--sdkappid", "1", "--key", "k", "--user", "u", "--expire", "-5"}, 0, "--expire -5"},
		{"huge expire", []string{"--sdkappid", "1", "--key", "k", "--user", "u", "--expire", "9223372036854775807"}, 0, "--expire 9223372036854775807"},
		{"not a number", []string{"--sdkappid", "many", "--key", "k", "--user", "u"}, 0, "invalid value \"many\""},
		{"stray argument", []string{"--sdkappid", "1", "--key", "k", "--user", "u", "extra"}, 0, `unexpected argument "extra"`},
		{"unknown flag", []string{"--sdkapp", "1"}, 0, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(t.Context(), append([]string{"usersig"}, tc.args...), &stdout, &stderr)
			if tc.expire == 0 {
				if !errors.Is(err, errUsage) || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.wantErr) ||
					!strings.Contains(stderr.String(), "usage: pushsim usersig") {
					t.Fatalf("usersig %v = %v\nstdout %q\nstderr %q\nwant a usage error with %q", tc.args, err, stdout.String(), stderr.String(), tc.wantErr)
				}
				return
			}
			sig := strings.TrimSuffix(stdout.String(), "\n")
			if err != nil || strings.ContainsAny(sig, "\n ") {
				t.Fatalf("usersig = %v, output %q", err, stdout.String())
			}
			c, err := usersig.Verify(1400000001, "k3y", "administrator", sig, time.Now())
			if err != nil || c.Expire != tc.expire {
				t.Fatalf("Verify = %+v, %v; want valid for %v", c, err, tc.expire)
			}
		})
	}
}
