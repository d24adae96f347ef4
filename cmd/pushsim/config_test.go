package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes data to name in a fresh temporary folder.
func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadConfig(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, wantErr string // wantErr follows "env.yaml:"
	}{
		{"serve blocks", serveConfig, ""},
		{"scenario header without steps", "name: x\nlabels: [smoke]\n" + serveConfig, ""},
		{"empty", "", ""},
		{"steps refused", "name: x\nsteps:\n  - launch: a\n" + serveConfig, "2:1: a serve config takes no steps (hint: "},
		{"unknown key", "im:\n  sdkapid: 1\n", `2:3: unknown key "sdkapid" in im (hint: did you mean sdkappid?)`},
		{"unknown top key", "vendor:\n  meizu: {}\n", `1:1: unknown key "vendor" in the serve config (hint: did you mean vendors?)`},
		{"bad duration", "vendors:\n  meizu: {latency: {median: fast}}\n", `2:29: latency.median: "fast" is not a duration`},
		{"bad vendor", "im:\n  certificates:\n    - {id: 1, vendor: nokia}\n", `3:23: certificate.vendor: "nokia" is not one of`},
		{"ftp click", "im:\n  certificates:\n    - {id: 1, vendor: meizu, click: {action: open_url, url: 'ftp://x'}}\n", "3:61: certificate.click.url: \"ftp://x\" is not an http or https URL"},
		{"bad brand", "devices:\n  - {id: a, brand: nokia, user: u, app: {package: p, certificate: 1}}\n", `2:20: device brand: "nokia" is not one of`},
		{"duplicate device", "devices:\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n  - {id: a, brand: meizu, user: u, app: {package: p}}\n", `3:10: device "a" is defined twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "env.yaml", tc.yaml)
			_, err := loadConfig(path)
			if tc.wantErr == "" && err != nil {
				t.Fatalf("loadConfig: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), path+":"+tc.wantErr)) {
				t.Fatalf("loadConfig error:\n got %v\nwant %s:%s...", err, path, tc.wantErr)
			}
		})
	}
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

func TestValidateServeConfigs(t *testing.T) {
	scenario := "name: s\nsteps:\n  - wait: 1s\n"
	for _, tc := range []struct {
		name  string
		args  []string
		file  string
		want  string // in the output
		valid bool
	}{
		{"serve config by shape", nil, serveConfig, "1 files, 1 valid, 0 invalid", true},
		{"serve config by shape with a typo", nil, "im:\n  admn: a\n", `env.yaml:2:3: unknown key "admn" in im (hint: did you mean admin?)`, false},
		{"serve config with a devices typo", nil, "devices:\n  - {id: a, brand: meizu, usr: u, app: {package: p}}\n", `env.yaml:2:27: unknown key "usr" in device (hint: did you mean user?)`, false},
		{"scenario by shape", nil, scenario, "1 files, 1 valid, 0 invalid", true},
		{"scenario without steps is a scenario problem", nil, "name: s\nim: {}\n", `env.yaml:1:1: a scenario needs "steps"`, false},
		{"--serve refuses steps", []string{"--serve"}, scenario, "env.yaml:2:1: a serve config takes no steps", false},
		{"--serve accepts an empty file", []string{"--serve"}, "", "1 valid", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "env.yaml", tc.file)
			var out strings.Builder
			err := run(t.Context(), append(append([]string{"validate"}, tc.args...), path), &out, &out)
			if (err == nil) != tc.valid || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("validate = %v\n%s\nwant valid=%v and %q", err, out.String(), tc.valid, tc.want)
			}
		})
	}
}

func TestServeRefusesABadConfig(t *testing.T) {
	path := writeFile(t, "env.yaml", serveConfig+"steps:\n  - launch: alice-phone\n")
	var stdout, stderr strings.Builder
	err := run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--config", path}, &stdout, &stderr)
	if err == nil || stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), path+":19:1: a serve config takes no steps") {
		t.Fatalf("serve with steps = %v\nstdout %q\nstderr %q", err, stdout.String(), stderr.String())
	}
}
