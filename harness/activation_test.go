package harness_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/harness"
)

// TestIMActivationDelay: im.activation_delay is the default of every
// certificate that sets none, those posted later included; a
// certificate's own delay wins.
func TestIMActivationDelay(t *testing.T) {
	d := func(v time.Duration) *harness.Duration { h := harness.Duration(v); return &h }
	for _, tc := range []struct {
		name     string
		im, cert *harness.Duration
		max      time.Duration // active_at - created_at < max (0: at once)
	}{
		{"defaults", nil, nil, harness.DefaultActivationDelay},
		{"im at once", d(0), nil, 0},
		{"im 1m", d(time.Minute), nil, time.Minute},
		{"certificate wins", d(0), d(time.Hour), time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			harness.RunVirtual(t, func(ctx context.Context) {
				env, err := harness.Start(ctx, harness.Config{Seed: 9, IM: harness.IMConfig{ActivationDelay: tc.im,
					Certificates: []harness.CertificateConfig{{ID: 1, Vendor: "meizu", ActivationDelay: tc.cert}}}})
				if err != nil {
					t.Fatal(err)
				}
				resp, err := env.HTTPClient().Post(env.URL()+"/_pushsim/im/certificates", "application/json", strings.NewReader(`{"id":2,"vendor":"meizu"}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Fatalf("POST certificate = %d", resp.StatusCode)
				}
				for _, id := range []int64{1, 2} {
					max := tc.max
					if id == 2 && tc.cert != nil {
						max = tc.im.D() // a posted certificate gets the im default
					}
					info, _ := env.IM().Certificate(id)
					wait := info.ActiveAt.Sub(info.CreatedAt)
					if (max == 0 && (wait != 0 || !info.Active)) || (max > 0 && (wait < 0 || wait >= max)) {
						t.Errorf("certificate %d: active in %v (active %v), want under %v", id, wait, info.Active, max)
					}
				}
			})
		})
	}
}
