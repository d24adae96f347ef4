package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/pushsim/pushsim/reports"
)

// The tests of `pushsim run` start this test binary as the pushsim
// binary (see TestMain), from a folder outside the checkout, with no Go
// toolchain on PATH.

// catalogFile is a file of the built-in catalog.
func catalogFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "catalog", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	killedTap  = "meizu_killed_app_notified_tap_opens_chat_with_ext.yaml"
	background = "vivo_background_open_app_with_ext.yaml"
)

// qaRepo writes a QA team's folder of scenarios: two that pass in a
// subfolder, one that fails (a deadline too short for the vendor).
func qaRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pass := catalogFile(t, killedTap)
	write("scenarios/meizu/killed.yaml", pass)
	write("scenarios/vivo/background.yml", catalogFile(t, background))
	fail := regexp.MustCompile(`within: [0-9a-z]+\}`).ReplaceAll(pass, []byte("within: 1ms}"))
	if bytes.Equal(fail, pass) {
		t.Fatal("could not make the failing scenario")
	}
	write("failing/too_fast.yaml", fail)
	write("README.md", []byte("not a scenario"))
	return dir
}

type runOutput struct {
	stdout, stderr string
	code           int
}

// pushsim runs the binary in dir with args.
func pushsim(t *testing.T, dir string, args ...string) runOutput {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Dir = dir
	cmd.Env = []string{"PUSHSIM_TEST_AS_BINARY=1", "PATH=" + t.TempDir(), "HOME=" + dir}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	out := runOutput{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		out.code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out
}

func readResults(t *testing.T, dir string) reports.Results {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reports.Results
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRunExitCodesAndPaths(t *testing.T) {
	repo := qaRepo(t)
	for _, tc := range []struct {
		name  string
		args  []string
		code  int
		files []string
	}{
		{"a folder, relative", []string{"run", "scenarios"}, 0,
			[]string{"scenarios/meizu/killed.yaml", "scenarios/vivo/background.yml"}},
		{"a folder, absolute, flags after the path", []string{"run", filepath.Join(repo, "scenarios"), "--parallel", "1"}, 0,
			[]string{filepath.Join(repo, "scenarios/meizu/killed.yaml"), filepath.Join(repo, "scenarios/vivo/background.yml")}},
		{"a glob", []string{"run", "scenarios/*/*.yaml"}, 0, []string{"scenarios/meizu/killed.yaml"}},
		{"a file that fails", []string{"run", "--seed", "3", "failing/too_fast.yaml"}, 1, []string{"failing/too_fast.yaml"}},
		{"everything", []string{"run", "."}, 1,
			[]string{"failing/too_fast.yaml", "scenarios/meizu/killed.yaml", "scenarios/vivo/background.yml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reportDir := filepath.Join(t.TempDir(), "out")
			out := pushsim(t, repo, append(tc.args, "--report-dir", reportDir)...)
			if out.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", out.code, tc.code, out.stdout, out.stderr)
			}
			for _, f := range reports.Files {
				if _, err := os.Stat(filepath.Join(reportDir, f)); err != nil {
					t.Errorf("report %s: %v", f, err)
				}
			}
			r := readResults(t, reportDir)
			var files []string
			for _, s := range r.Scenarios {
				files = append(files, s.File)
				if s.SimMS <= 0 {
					t.Errorf("%s covered no simulated time", s.File)
				}
			}
			if strings.Join(files, " ") != strings.Join(tc.files, " ") {
				t.Errorf("ran %q, want %q", files, tc.files)
			}
			if strings.Contains(out.stdout, "\033[") {
				t.Errorf("ANSI codes on a pipe:\n%q", out.stdout)
			}
		})
	}
}

// TestRunReplay: the command a failure prints, run from the same folder,
// fails the same way.
func TestRunReplay(t *testing.T) {
	repo := qaRepo(t)
	first := pushsim(t, repo, "run", ".", "--report-dir", filepath.Join(t.TempDir(), "a"))
	m := regexp.MustCompile(`replay: pushsim run (\S+) --seed (\d+)`).FindStringSubmatch(first.stdout)
	if first.code != 1 || m == nil {
		t.Fatalf("exit %d, no replay line:\n%s", first.code, first.stdout)
	}
	if m[1] != "failing/too_fast.yaml" {
		t.Errorf("replay names %q, want the path as given", m[1])
	}
	dir := filepath.Join(t.TempDir(), "b")
	again := pushsim(t, repo, "run", m[1], "--seed", m[2], "--report-dir", dir)
	if again.code != 1 {
		t.Fatalf("replay exit %d, want 1:\n%s", again.code, again.stdout)
	}
	failure := func(out string) string {
		i := strings.Index(out, "FAIL ")
		j := strings.Index(out, "  replay:")
		if i < 0 || j < i {
			t.Fatalf("no failure block in:\n%s", out)
		}
		return out[i:j]
	}
	if a, b := failure(first.stdout), failure(again.stdout); a != b {
		t.Errorf("the replay fails differently:\n%s\nvs\n%s", a, b)
	}
}

func TestRunInvalidFileIsExit2AndRedJUnit(t *testing.T) {
	repo := qaRepo(t)
	if err := os.WriteFile(filepath.Join(repo, "scenarios", "broken.yaml"), []byte("name: x\ndevics: []\nsteps: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	out := pushsim(t, repo, "run", "scenarios", "--report-dir", dir)
	if out.code != 2 {
		t.Fatalf("exit %d, want 2:\n%s%s", out.code, out.stdout, out.stderr)
	}
	if !strings.Contains(out.stdout, "scenarios/broken.yaml:2:1: unknown key") {
		t.Errorf("no file:line:col problem:\n%s", out.stdout)
	}
	b, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc reporters.JUnitTestSuites
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Failures != 1 || doc.Tests != 1 {
		t.Errorf("junit.xml: tests=%d failures=%d, want one failing testcase:\n%s", doc.Tests, doc.Failures, b)
	}
	if r := readResults(t, dir); len(r.Scenarios) != 0 || r.Totals.Invalid != 1 {
		t.Errorf("results: %d scenarios ran, %d invalid; want 0 and 1", len(r.Scenarios), r.Totals.Invalid)
	}
}

func TestRunUsageIsExit2(t *testing.T) {
	repo := qaRepo(t)
	for _, args := range [][]string{
		{"run"},
		{"run", "nowhere/"},
		{"run", "nothing*.yaml"},
		{"run", "--parallel", "0", "scenarios"},
		{"run", "--seed", "x", "scenarios"},
		{"run", "--labels", "((", "scenarios"},
		{"run", "--no-such-flag", "scenarios"},
	} {
		if out := pushsim(t, repo, args...); out.code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s%s", args, out.code, out.stdout, out.stderr)
		}
	}
}

func TestRunLabelsSkip(t *testing.T) {
	repo := qaRepo(t)
	dir := filepath.Join(t.TempDir(), "out")
	out := pushsim(t, repo, "run", "scenarios", "--labels", "vendor:vivo", "--report-dir", dir)
	if out.code != 0 {
		t.Fatalf("exit %d:\n%s", out.code, out.stdout)
	}
	r := readResults(t, dir)
	if r.Totals.Passed != 1 || r.Totals.Skipped != 1 || r.Scenarios[0].Status != reports.StatusSkipped {
		t.Errorf("totals %+v, first %s; want the Meizu file skipped", r.Totals, r.Scenarios[0].Status)
	}
}

// TestRunParallelSameResults: results.json does not depend on --parallel
// (only wall times do).
func TestRunParallelSameResults(t *testing.T) {
	repo := t.TempDir()
	catalog, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "catalog", "*_killed_*.yaml"))
	if err != nil || len(catalog) < 8 {
		t.Fatalf("%d catalog files: %v", len(catalog), err)
	}
	for _, f := range catalog[:12] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	normalized := func(parallel string) []byte {
		dir := filepath.Join(t.TempDir(), "out")
		out := pushsim(t, repo, "run", ".", "--parallel", parallel, "--seed", "11", "--report-dir", dir)
		if out.code != 0 {
			t.Fatalf("--parallel %s: exit %d\n%s", parallel, out.code, out.stdout)
		}
		r := readResults(t, dir)
		r.WallMS = 0
		for i := range r.Scenarios {
			r.Scenarios[i].WallMS = 0
		}
		b, _ := json.MarshalIndent(r, "", " ")
		return b
	}
	one, three := normalized("1"), normalized("3")
	if !bytes.Equal(one, three) {
		t.Errorf("results.json differs between --parallel 1 and 3:\n%s\n---\n%s", one, three)
	}
}

func TestRunVerbosePrintsPaths(t *testing.T) {
	repo := qaRepo(t)
	out := pushsim(t, repo, "run", "--verbose", "scenarios/meizu", "--report-dir", filepath.Join(t.TempDir(), "out"))
	if out.code != 0 {
		t.Fatalf("exit %d:\n%s", out.code, out.stdout)
	}
	for _, want := range []string{"PASS scenarios/meizu/killed.yaml", "im.send", "im.route", "vendor.request", "vendor.result",
		"device.notify", "device.click", "device.intent"} {
		if !strings.Contains(out.stdout, want) {
			t.Errorf("verbose output lacks %q:\n%s", want, out.stdout)
		}
	}
}

// TestRunWallTimeAgrees: the wall time printed is the one in results.json
// and summary.md.
func TestRunWallTimeAgrees(t *testing.T) {
	repo := qaRepo(t)
	dir := filepath.Join(t.TempDir(), "out")
	out := pushsim(t, repo, "run", "scenarios", "--report-dir", dir)
	m := regexp.MustCompile(`simulated in (\S+) of wall time`).FindStringSubmatch(out.stdout)
	if m == nil {
		t.Fatalf("no wall time in:\n%s", out.stdout)
	}
	if want := simDur(readResults(t, dir).WallMS); m[1] != want {
		t.Errorf("printed %s, results.json says %s", m[1], want)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "in "+m[1]+" of wall time") {
		t.Errorf("summary.md does not say %s:\n%s", m[1], md)
	}
}

// TestRunProgressLine: on a terminal one progress line is redrawn in
// place; a failure is printed above it.
func TestRunProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &runPrinter{w: &b, tty: true, total: 2, seed: "seed 4"}
	p.done(1, reports.Scenario{File: "a.yaml", Status: reports.StatusPassed, SimMS: 60000})
	p.done(2, reports.Scenario{File: "b.yaml", Name: "B", Status: reports.StatusFailed, SimMS: 1000,
		Failures: []reports.Failure{{Message: "step 2 (kill, line 9): boom"}}, Replay: "pushsim run b.yaml --seed 4"})
	p.summary(reports.Results{Totals: reports.Totals{Passed: 1, Failed: 1}, Scenarios: make([]reports.Scenario, 2), SimMS: 61000, WallMS: 12})
	want := "\r\033[K[1/2] 0 failed · 1m0s simulated" +
		"\r\033[KFAIL b.yaml: B (seed 0, 1s simulated)\n    step 2 (kill, line 9): boom\n  replay: pushsim run b.yaml --seed 4\n[2/2] 1 failed · 1m1s simulated" +
		"\r\033[Kpushsim: 2 scenarios: 1 passed, 1 failed, 0 skipped; 1m1s simulated in 12ms of wall time; seed 4\n"
	if got := b.String(); got != want {
		t.Errorf("terminal output:\n%q\nwant\n%q", got, want)
	}
}
