package format_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/scenarios/format"
)

const serveEnv = `seed: 7
im:
  sdkappid: 1400000001
  secret_key: "k3y"
  activation_delay: 30s
  certificates:
    - {id: 6666, vendor: meizu, package: com.example.chat, app_id: "123", app_secret: s}
devices:
  - id: alice-phone
    brand: meizu
    user: alice
    app: {package: com.example.chat, certificate: 6666}
users: [bob]
`

func TestParseServeConfig(t *testing.T) {
	cfg, err := format.ParseServeConfig("env.yaml", []byte(serveEnv))
	if err != nil {
		t.Fatalf("ParseServeConfig: %v", err)
	}
	if cfg.Seed != 7 || cfg.IM.SDKAppID != 1400000001 || len(cfg.IM.Certificates) != 1 || len(cfg.Devices) != 1 ||
		cfg.Users[0] != "bob" || cfg.IM.ActivationDelay == nil || cfg.IM.ActivationDelay.D() != 30*time.Second {
		t.Fatalf("ParseServeConfig = %+v", cfg)
	}
	if cfg, err := format.ParseServeConfig("empty.yaml", nil); err != nil || cfg.Seed != 0 {
		t.Fatalf("empty file = %+v, %v; want the default environment", cfg, err)
	}
}

func TestServeConfigProblems(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // every problem, as line:col: message (hint)
	}{
		{"steps refused with its line", "im: {sdkappid: 1}\nsteps:\n  - launch: a\n",
			[]string{"2:1: a serve config takes no steps (hint: pushsim serve starts the devices"}},
		{"whole scenario: steps refused, name and labels ignored", "name: x\nlabels: [smoke]\n" + serveEnv + "steps:\n  - launch: alice-phone\n",
			[]string{"16:1: a serve config takes no steps"}},
		{"typo at the top", "im: {}\ndevice:\n  - id: a\n",
			[]string{`2:1: unknown key "device" in the serve config (hint: did you mean devices?)`}},
		{"typo in im", "im:\n  sdkapid: 1\n",
			[]string{`2:3: unknown key "sdkapid" in im (hint: did you mean sdkappid?)`}},
		{"typo in a certificate", "im:\n  certificates:\n    - {id: 1, vendor: meizu, app_secert: s}\n",
			[]string{`3:30: unknown key "app_secert" in certificate (hint: did you mean app_secret?)`}},
		{"bad duration", "vendors:\n  meizu: {latency: {median: fast}}\n",
			[]string{`2:29: latency.median: "fast" is not a duration (hint: write a duration such as`}},
		{"bad activation delay", "im: {activation_delay: soon}\n",
			[]string{`1:24: im.activation_delay: "soon" is not a duration`}},
		{"unknown vendor", "im:\n  certificates:\n    - {id: 1, vendor: nokai}\n",
			[]string{`3:23: certificate.vendor: "nokai" is not one of`}},
		{"unknown brand and a missing user", "devices:\n  - {id: a, brand: meizuu, app: {package: p}}\n",
			[]string{`2:5: a device needs "user"`, `2:20: device brand: "meizuu" is not one of`}},
		{"duplicate device", "devices:\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n",
			[]string{`3:10: device "a" is defined twice`}},
		{"wrong type", "seed: seven\n", []string{`1:7: seed must be a non-negative integer, not "seven"`}},
		{"not YAML", "im: {sdkappid: 1\n", []string{"1:1: not valid YAML"}},
		{"not a mapping", "- im\n", []string{"1:1: the serve config must be a mapping, not a list"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := format.ParseServeConfig("env.yaml", []byte(tc.yaml))
			var ps format.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("ParseServeConfig = %v, want Problems", err)
			}
			if len(ps) != len(tc.want) {
				t.Fatalf("problems:\n%v\nwant %d", err, len(tc.want))
			}
			for i, want := range tc.want {
				if got := ps[i].Error(); !strings.HasPrefix(got, "env.yaml:"+want) {
					t.Errorf("problem %d:\n got %s\nwant env.yaml:%s...", i, got, want)
				}
			}
		})
	}
}

func TestIsServeConfig(t *testing.T) {
	tests := []struct {
		yaml string
		want bool
	}{
		{serveEnv, true},
		{"vendors: {meizu: {drop_rate: 0.1}}\n", true},
		{"devices: []\n", true},
		{designExample, false},
		{"name: x\nim: {}\n", false},
		{"im: {}\nsteps: []\n", false},
		{"seed: 1\n", false},
		{"", false},
		{"- a\n", false},
		{"im: {\n", false},
	}
	for _, tc := range tests {
		if got := format.IsServeConfig([]byte(tc.yaml)); got != tc.want {
			t.Errorf("IsServeConfig(%q) = %v, want %v", tc.yaml, got, tc.want)
		}
	}
}

func FuzzParseServeConfig(f *testing.F) {
	f.Add([]byte(serveEnv))
	f.Add([]byte("im: {certificates: [{id: 1, vendor: meizu}]}"))
	f.Add([]byte("devices: [{id: a}]\nsteps: [{launch: a}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := format.ParseServeConfig("fuzz.yaml", data)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("accepted a config that does not validate: %v", verr)
			}
			return
		}
		var ps format.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("error %v is not Problems", err)
		}
		for _, p := range ps {
			if p.Line <= 0 || p.Msg == "" {
				t.Fatalf("problem without a position or message: %+v", p)
			}
		}
	})
}
