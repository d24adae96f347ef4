package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pushsim/pushsim/loadgen"
)

// loadJSON reads dir/load.json with what a seed decides: no wall time,
// RSS, rate or shard names.
func loadJSON(t *testing.T, dir string) (*loadgen.Report, string) {
	t.Helper()
	r, err := loadgen.ReadReport(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := *r
	c.WallMS, c.PeakRSSBytes, c.RatePerS, c.Shard, c.Shards, c.SimMS = 0, 0, 0, "", nil, 0
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return r, string(b)
}

func runLoad(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr strings.Builder
	if err := run(t.Context(), args, &stdout, &stderr); err != nil {
		t.Fatalf("pushsim %v: %v\n%s%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Two shards run one after the other and merged count exactly what one
// run of the whole fleet with the same seed counts.
func TestLoadShardsMergeToTheWholeRun(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--devices", "60", "--brands", "meizu=0.5,vivo=0.25,apple=0.25", "--target", "virtual", "--seed", "4"}
	out := runLoad(t, append(append([]string{"load"}, common...), "--report-dir", filepath.Join(dir, "whole"))...)
	if !strings.Contains(out, "sent 60: notified 60") || !strings.Contains(out, "load.json") {
		t.Errorf("pushsim load printed\n%s", out)
	}
	for _, s := range []string{"0/2", "1/2"} {
		runLoad(t, append(append([]string{"load"}, common...), "--shard", s, "--report-dir", filepath.Join(dir, "shard"+s[:1]))...)
	}
	runLoad(t, "merge", "--report-dir", filepath.Join(dir, "merged"), filepath.Join(dir, "shard0"), filepath.Join(dir, "shard1"))
	whole, wholeJSON := loadJSON(t, filepath.Join(dir, "whole"))
	merged, mergedJSON := loadJSON(t, filepath.Join(dir, "merged"))
	if wholeJSON != mergedJSON {
		t.Errorf("merged shards differ from the whole run:\n%s\n%s", wholeJSON, mergedJSON)
	}
	if whole.Sent != 60 || len(merged.Shards) != 2 || merged.Devices != 60 {
		t.Errorf("whole sent %d; merged %d phones from shards %v", whole.Sent, merged.Devices, merged.Shards)
	}
	var stdout, stderr strings.Builder
	err := run(t.Context(), []string{"merge", "--report-dir", filepath.Join(dir, "twice"), filepath.Join(dir, "shard0"), filepath.Join(dir, "shard0")}, &stdout, &stderr)
	if err == nil || !strings.Contains(stderr.String(), "appears twice") {
		t.Errorf("merging a shard twice: %v\n%s", err, stderr.String())
	}
}

func TestLoadRefusesBadFlags(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"", "--devices N is required"},
		{"--devices 10 --brands meizu=0.5", "sum to 0.5"},
		{"--devices 10 --brands nokia=1", "unknown brand"},
		{"--devices 10 --shard 3/3", "want i/N"},
		{"--devices 10 --target ftp://x", "want embedded, virtual or http://HOST:PORT"},
		{"--devices 10 --target http://127.0.0.1:1/x", "no path"},
		{"--devices 10 --secret-key k", "are for --target http"},
		{"--devices 10 --batch 5", "are for --target http"},
		{"--devices 10 --vendor-limits maybe", "want on or off"},
		{"--devices 10 --rate 5", "go together"},
		{"--devices 10 --seed x", "--seed"},
	} {
		var stdout, stderr strings.Builder
		err := run(t.Context(), append([]string{"load"}, strings.Fields(tc.args)...), &stdout, &stderr)
		if err == nil || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("load %s = %v, stderr %q, want %q", tc.args, err, stderr.String(), tc.want)
		}
	}
}

// selfProc is this test binary started as the pushsim command.
type selfProc struct {
	cmd *exec.Cmd
	out bytes.Buffer
}

// startSelf starts this test binary as pushsim with args, in dir.
func startSelf(t *testing.T, dir string, args ...string) *selfProc {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &selfProc{cmd: exec.Command(self, args...)}
	p.cmd.Dir = dir
	p.cmd.Env = []string{"PUSHSIM_TEST_AS_BINARY=1", "HOME=" + dir}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wait fails the test unless the process exits 0.
func (p *selfProc) wait(t *testing.T) {
	t.Helper()
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("%v: %v\n%s", p.cmd.Args, err, &p.out)
	}
}

// Four shards run as four pushsim processes side by side, merged by a
// fifth, equal one process running the whole fleet with the same seed:
// the same counts and the same latency histograms, for all eight brands.
func TestLoadFourShardProcessesMergeToOneRun(t *testing.T) {
	dir := t.TempDir()
	common := []string{"load", "--devices", "200", "--brands", "meizu=0.125,xiaomi=0.125,huawei=0.125,honor=0.125,oppo=0.125,vivo=0.125,apple=0.125,google=0.125", "--target", "virtual", "--seed", "9"}
	var procs []*selfProc
	var shardDirs []string
	for i := range 4 {
		d := filepath.Join(dir, fmt.Sprintf("shard-%d", i))
		shardDirs = append(shardDirs, d)
		procs = append(procs, startSelf(t, dir, append(slices.Clone(common), "--shard", fmt.Sprintf("%d/4", i), "--report-dir", d)...))
	}
	procs = append(procs, startSelf(t, dir, append(slices.Clone(common), "--report-dir", filepath.Join(dir, "whole"))...))
	for _, p := range procs {
		p.wait(t)
	}
	startSelf(t, dir, append([]string{"merge", "--report-dir", filepath.Join(dir, "merged")}, shardDirs...)...).wait(t)
	whole, wholeJSON := loadJSON(t, filepath.Join(dir, "whole"))
	merged, mergedJSON := loadJSON(t, filepath.Join(dir, "merged"))
	if wholeJSON != mergedJSON {
		t.Errorf("four merged shard processes differ from one process:\n%s\n%s", wholeJSON, mergedJSON)
	}
	if whole.Sent != 200 || whole.Notified != 200 || merged.Devices != 200 || len(merged.Shards) != 4 || len(whole.Histograms) != 8 {
		t.Errorf("whole: sent %d, notified %d, %d vendors; merged: %d phones from %v", whole.Sent, whole.Notified, len(whole.Histograms), merged.Devices, merged.Shards)
	}
	for i, d := range shardDirs {
		if r, _ := loadJSON(t, d); r.Devices != 50 || r.Shard != fmt.Sprintf("%d/4", i) {
			t.Errorf("shard %d held %d phones as %q, want 50 as %d/4", i, r.Devices, r.Shard, i)
		}
	}
}

// Two shards run as two pushsim load processes against one pushsim
// serve, their phones connected to it over loopback TCP, and merged they
// account for every message: the counts of the virtual-time run of the
// whole fleet, and a rate curve that adds up to them.
func TestLoadShardProcessesAgainstOneServe(t *testing.T) {
	dir := t.TempDir()
	fleetArgs := []string{"--devices", "40", "--brands", "meizu=0.4,xiaomi=0.2,vivo=0.2,google=0.2", "--seed", "5"}
	const token = "load-test-token"
	base, _ := startServeWith(t, string(loadgen.Options{Seed: 5}.ServeConfig()), "--admin-token", token)
	var procs []*selfProc
	var shardDirs []string
	for i := range 2 {
		d := filepath.Join(dir, fmt.Sprintf("shard-%d", i))
		shardDirs = append(shardDirs, d)
		args := append(append([]string{"load"}, fleetArgs...), "--messages", "80", "--target", base, "--admin-token", token,
			"--settle", "1m", "--shard", fmt.Sprintf("%d/2", i), "--report-dir", d)
		procs = append(procs, startSelf(t, dir, args...))
	}
	for _, p := range procs {
		p.wait(t)
	}
	runLoad(t, "merge", "--report-dir", filepath.Join(dir, "merged"), shardDirs[0], shardDirs[1])
	runLoad(t, append(append([]string{"load"}, fleetArgs...), "--messages", "80", "--target", "virtual", "--report-dir", filepath.Join(dir, "virtual"))...)
	merged, _ := loadJSON(t, filepath.Join(dir, "merged"))
	virtual, _ := loadJSON(t, filepath.Join(dir, "virtual"))
	counts := func(r *loadgen.Report) string {
		return fmt.Sprintf("sent %d, notified %d, online %d, not delivered %v, %d phones", r.Sent, r.Notified, r.Online, r.NotDelivered, r.Devices)
	}
	if counts(merged) != counts(virtual) || merged.Sent != 80 || merged.Notified != 80 {
		t.Errorf("two shards against serve: %s\nthe virtual run: %s", counts(merged), counts(virtual))
	}
	var sent, notified int64
	for _, s := range merged.PerSecond {
		sent += s.Sent
		notified += s.Notified
	}
	if sent != merged.Sent || notified != merged.Notified {
		t.Errorf("the rate curve counts %d sent and %d notified, the report %d and %d", sent, notified, merged.Sent, merged.Notified)
	}
	if merged.Target != base || len(merged.Histograms) != 4 {
		t.Errorf("merged target %q, %d vendors' latencies", merged.Target, len(merged.Histograms))
	}
}

// A run against serve in which most messages fail accounts for each by
// its reason, read from serve's trace while the run goes on, even when
// they are far more than the reasons it would ask serve for one by one
// afterwards; and it stops waiting once every message has an outcome.
func TestLoadAgainstServeCountsEveryFailureByReason(t *testing.T) {
	dir := t.TempDir()
	const token = "load-test-token"
	base, _ := startServeWith(t, string(loadgen.Options{Seed: 3}.ServeConfig()), "--admin-token", token)
	// 600 messages to 2 Meizu phones at once: Meizu shows 5 a minute to
	// a phone and folds the rest.
	runLoad(t, "load", "--devices", "2", "--messages", "600", "--seed", "3", "--target", base, "--admin-token", token,
		"--settle", "10m", "--report-dir", dir)
	r, _ := loadJSON(t, dir)
	folded := r.NotDelivered["vendor_folded"]
	if r.Sent != 600 || r.Notified+folded != 600 || folded <= 256 || r.NotDelivered[loadgen.ReasonInFlight] != 0 {
		t.Errorf("sent %d, notified %d, not delivered %v: want 600 sent, the rest of the notified folded, none in flight", r.Sent, r.Notified, r.NotDelivered)
	}
	if r.WallMS > (5 * time.Minute).Milliseconds() {
		t.Errorf("the run took %d ms: it waited out the settle although every message had an outcome", r.WallMS)
	}
}
