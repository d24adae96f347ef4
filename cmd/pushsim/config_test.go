package main

import (
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantErr string
	}{
		{"serve blocks", serveConfig, ""},
		{"whole scenario file", "name: x\nlabels: [smoke]\nsteps:\n  - launch: a\n" + serveConfig, ""},
		{"empty", "", ""},
		{"unknown key", "im:\n  sdkapid: 1\n", "field sdkapid not found"},
		{"bad duration", "vendors:\n  meizu: {latency: {median: fast}}\n", "not a duration"},
		{"bad vendor", "im:\n  certificates:\n    - {id: 1, vendor: nokia}\n", "unknown vendor"},
		{"ftp click", "im:\n  certificates:\n    - {id: 1, vendor: meizu, click: {action: open_url, url: 'ftp://x'}}\n", "http:// or https://"},
		{"bad brand", "devices:\n  - {id: a, brand: nokia, user: u, app: {package: p, certificate: 1}}\n", "unknown brand"},
		{"duplicate device", "devices:\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n", "duplicate device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig([]byte(tc.yaml))
			if tc.wantErr == "" && err != nil {
				t.Fatalf("parseConfig: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("parseConfig error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(serveConfig))
	f.Add([]byte("im: {certificates: [{id: 1, vendor: meizu}]}"))
	f.Add([]byte("devices: [{id: a}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseConfig(data)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("parseConfig accepted a config that does not validate: %v", verr)
			}
		}
	})
}

func TestValidateCommand(t *testing.T) {
	var out strings.Builder
	err := run(t.Context(), []string{"validate", "../../scenarios/catalog/*.yaml"}, &out, &out)
	if err != nil || !strings.Contains(out.String(), "0 invalid") {
		t.Fatalf("validate catalog: %v\n%s", err, out.String())
	}
	out.Reset()
	err = run(t.Context(), []string{"validate", "../../scenarios/testdata/invalid/*.yaml"}, &out, &out)
	if err == nil || !strings.Contains(out.String(), "unknown_top_key.yaml:3:1: unknown key \"step\"") {
		t.Fatalf("validate invalid files: %v\n%s", err, out.String())
	}
}
