package container_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/pushsim/pushsim/harness/container"
	"github.com/pushsim/pushsim/reports"
)

// TestImageRunsScenarioFolder is the README's
// `docker run --rm -v "$PWD":/s pushsim/pushsim run /s/scenarios --report-dir /s/out`:
// the image runs a folder of a QA team's scenario files and writes the
// four reports beside them.
func TestImageRunsScenarioFolder(t *testing.T) {
	testcontainers.SkipIfProviderIsNotHealthy(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"meizu_killed_app_notified_tap_opens_chat_with_ext.yaml", "vivo_background_open_app_with_ext.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "catalog", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "scenarios", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	res, err := container.RunScenarios(ctx, dir, []string{"/s/scenarios", "--report-dir", "/s/out"}, container.FromSource())
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 || !strings.Contains(res.Output, "2 scenarios: 2 passed") {
		t.Fatalf("exit %d, output:\n%s", res.ExitCode, res.Output)
	}
	for _, f := range reports.Files {
		if _, err := os.Stat(filepath.Join(dir, "out", f)); err != nil {
			t.Errorf("report %s: %v", f, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reports.Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Totals.Passed != 2 || r.Scenarios[0].File != "/s/scenarios/meizu_killed_app_notified_tap_opens_chat_with_ext.yaml" {
		t.Errorf("results: %+v, first file %q", r.Totals, r.Scenarios[0].File)
	}
}
