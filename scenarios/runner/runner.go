// Package runner runs a parsed scenario file against a pushsim
// environment: the same engine (harness) as the Go specs, in a
// virtual-time bubble over the in-memory network. It turns the run into a
// reports.Scenario: the status, the failed step with the trace of the
// messages involved, every message's outcome and reason, and the command
// that replays it.
package runner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/format"
)

// DefaultSeed is the seed of a scenario that sets none, when the command
// line sets none either.
const DefaultSeed = 1

// Options tune a run.
type Options struct {
	// Seed, when set, overrides the file's seed (the command line's SEED).
	Seed *uint64
	// Replay renders the command that replays a scenario with a seed.
	Replay func(file string, seed uint64) string
	// Paths records every message's path (Message.Chain), delivered or
	// not, with timestamps from the start of the run; by default only
	// the messages that did not arrive carry it.
	Paths bool
}

// SeedFor is the seed a scenario runs with: the command line's, else the
// file's, else DefaultSeed.
func SeedFor(sc *format.Scenario, opts Options) uint64 {
	switch {
	case opts.Seed != nil:
		return *opts.Seed
	case sc.Seed != nil:
		return *sc.Seed
	}
	return DefaultSeed
}

// ReplayCommand is the default replay command: `pushsim run` on the file,
// from the folder the run started in, with the seed.
func ReplayCommand(file string, seed uint64) string {
	return fmt.Sprintf("pushsim run %s --seed %d", shellQuote(file), seed)
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@+,%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Run runs the scenario. ctx should come from harness.VirtualTime or
// harness.RunVirtual so that the run is in virtual time. WallMS is left
// for the caller, which can see the wall clock.
func Run(ctx context.Context, sc *format.Scenario, opts Options) reports.Scenario {
	seed := SeedFor(sc, opts)
	replay := opts.Replay
	if replay == nil {
		replay = ReplayCommand
	}
	res := reports.Scenario{Name: sc.Name, File: sc.File, Labels: sc.Labels, Status: reports.StatusPassed, Seed: seed,
		Replay: replay(sc.File, seed)}
	cfg := sc.Env
	cfg.Seed = seed
	cfg.Users = append(append([]string(nil), cfg.Users...), sendUsers(sc)...)
	vendors := cfg.UsedVendors()
	for _, st := range sc.Steps {
		if st.Certificate != nil {
			vendors = append(vendors, protocol.Vendor(st.Certificate.Vendor))
		}
		if st.Action == format.ActFault || st.Action == format.ActClearFaults {
			vendors = append(vendors, protocol.Vendor(st.Vendor))
		}
	}
	res.Vendors = vendorNames(vendors)
	env, err := harness.Start(ctx, cfg, harness.WithVendors(vendors...))
	if err != nil {
		res.Status = reports.StatusFailed
		res.Failures = []reports.Failure{{Step: 0, Message: "environment: " + err.Error()}}
		return res
	}
	defer env.Close()
	r := &run{env: env, sc: sc, taps: map[string]bool{}, paths: opts.Paths, sentStates: map[string]map[string]string{}, batches: map[string][]string{}}
	failed := 0
	for _, st := range sc.Steps {
		if err := r.step(st); err != nil {
			res.Status = reports.StatusFailed
			res.Failures = append(res.Failures, reports.Failure{Step: st.Index, Message: r.failure(st, err),
				Line: st.Line, Reason: r.failureReason(st)})
			failed = st.Index
			break
		}
	}
	env.Settle()
	res.SimMS = env.Elapsed().Milliseconds()
	res.Messages = r.messages()
	res.Steps = reportSteps(sc.Steps, failed)
	for _, f := range env.FaultCoverage() {
		res.Faults = append(res.Faults, reports.FaultFired{Vendor: f.Vendor, Rule: f.Rule, Kind: f.Kind, Fired: f.Fired})
	}
	return res
}

// sendUsers lists the users named by send steps, to import before the
// first step.
func sendUsers(sc *format.Scenario) []string {
	var out []string
	for _, st := range sc.Steps {
		switch {
		case st.Send != nil && st.Recipients != nil:
			out = append(out, st.Send.From) // the fleet's users are its phones'
		case st.Send != nil:
			out = append(out, st.Send.From, st.Send.To)
		}
	}
	return out
}

// failure renders a step's failure with the seed and the trace of the
// messages it concerns.
func (r *run) failure(st format.Step, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "step %d (%s, line %d): %v", st.Index, st.Action, st.Line, err)
	if st.Expect != nil && st.Expect.Message != "" {
		if m, ok := r.env.Message(st.Expect.Message); ok && st.Device != "" {
			v := r.env.Verdict(st.Device, m.Key)
			fmt.Fprintf(&b, "\npath of %s to %s:\n%s", m.Ref, st.Device, harness.FormatChain(v.Chain))
			if st.Action == format.ActExpectNotification {
				fmt.Fprintf(&b, "troubleshooting %s:\n%s", st.Device, harness.FormatChecks(r.env.Troubleshoot(st.Device)))
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// messages reports every sent message on every device of its recipient.
func (r *run) messages() []reports.Message {
	var out []reports.Message
	for _, m := range r.env.Messages() {
		for _, id := range r.env.DeviceIDs() {
			info := r.env.Phone(id).Device().Config()
			if info.User != m.To {
				continue
			}
			v := r.env.Verdict(id, m.Key)
			msg := reports.Message{Ref: m.Ref, To: id, Vendor: string(info.Brand.Vendor()), Outcome: v.Outcome, Reason: string(v.Reason),
				State: r.sentStates[m.Key][id], SentMS: m.SentAt.Sub(r.env.Trace().Start()).Milliseconds()}
			if v.Outcome == harness.OutcomeNotified {
				msg.Reason = ""
				if n, ok := r.env.Phone(id).Notification(m); ok {
					msg.LatencyMS = n.At.Sub(m.SentAt).Milliseconds()
				}
			}
			path := r.env.Path(id, m.Key)
			msg.Hops = r.hops(path)
			switch {
			case r.paths:
				msg.Chain = chainLines(harness.FormatChainFrom(path, r.env.Trace().Start()))
			case v.Outcome != harness.OutcomeNotified:
				msg.Chain = chainLines(harness.FormatChain(v.Chain))
			}
			out = append(out, msg)
		}
	}
	return out
}

// vendorNames lists the vendors once each, sorted.
func vendorNames(vs []protocol.Vendor) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, string(v)) {
			out = append(out, string(v))
		}
	}
	slices.Sort(out)
	return out
}

func chainLines(text string) []string {
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines
}

// run is one scenario's state while its steps run.
type run struct {
	env  *harness.Env
	sc   *format.Scenario
	taps map[string]bool
	// paths records every message's chain (Options.Paths).
	paths bool
	// sentStates holds, by message key, the state of each recipient
	// device at send time.
	sentStates map[string]map[string]string
	// batches are the refs of each send with a count, by its as:.
	batches map[string][]string
}
