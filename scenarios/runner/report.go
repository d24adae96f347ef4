package runner

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/reports"
	"github.com/pushsim/pushsim/scenarios/format"
	"github.com/pushsim/pushsim/trace"
)

// recipientStates records the state of every device of user when a
// message to that user is about to be sent, by device ID.
func (r *run) recipientStates(user string) map[string]string {
	out := map[string]string{}
	for _, id := range r.env.DeviceIDs() {
		p := r.env.Phone(id)
		if p.Device().Config().User != user {
			continue
		}
		out[id] = r.deviceState(id)
	}
	return out
}

// deviceState names the device's state in the words of the report's
// delivery matrix (reports.State*): what decides the path a push takes.
func (r *run) deviceState(id string) string {
	p := r.env.Phone(id)
	st := p.Device().State()
	im, cause := p.IMState()
	switch {
	case !st.Installed:
		return reports.StateUninstalled
	case !st.Network:
		return reports.StateNetworkOff
	case cause == fakeim.CauseKicked:
		return reports.StateKicked
	case cause == fakeim.CauseLogout:
		return reports.StateLoggedOut
	case im == fakeim.StateOnline:
		return reports.StateForeground
	case im == fakeim.StateBackground:
		return reports.StateBackground
	case !st.Running && cause == fakeim.CauseNeverLoggedIn:
		return reports.StateNotLaunched
	case !st.Running:
		return reports.StateKilled
	case cause == fakeim.CauseNeverLoggedIn:
		return reports.StateNotLoggedIn
	}
	return reports.StateOffline
}

// hopRank is the causal order of the kinds on a message's path. A
// message to a background app goes down two branches at one simulated
// instant (the IM socket and the vendor), whose events the trace may
// interleave either way; hops at one instant are ordered by rank so that
// one seed gives one report.
var hopRank = map[trace.Kind]int{
	trace.IMSend: 0, trace.IMRoute: 1, trace.IMOnline: 2,
	trace.VendorRequest: 3, trace.VendorResult: 4, trace.VendorDrop: 5, trace.VendorDeliver: 6,
	trace.DeviceMessage: 7, trace.DeviceDrop: 8, trace.DeviceNotify: 9, trace.DeviceClick: 10, trace.DeviceIntent: 11,
}

// rankOf is a kind's hopRank; a kind not listed ranks with the last kind
// of its component.
func rankOf(k trace.Kind) int {
	if r, ok := hopRank[k]; ok {
		return r
	}
	switch {
	case strings.HasPrefix(string(k), "im."):
		return hopRank[trace.IMOnline]
	case strings.HasPrefix(string(k), "vendor."):
		return hopRank[trace.VendorDeliver]
	}
	return hopRank[trace.DeviceIntent]
}

// hops turns a message's path into report hops, each at its offset from
// the start of the scenario, in time order and, at one instant, in
// causal order (hopRank; other kinds keep their trace order).
func (r *run) hops(events []trace.Event) []reports.Hop {
	start := r.env.Trace().Start()
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b trace.Event) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return rankOf(a.Kind) - rankOf(b.Kind)
	})
	out := make([]reports.Hop, 0, len(evs))
	for _, ev := range evs {
		out = append(out, reports.Hop{Kind: string(ev.Kind), AtMS: ev.At.Sub(start).Milliseconds(),
			Detail: hopDetail(ev.Details), Reason: string(ev.Reason)})
	}
	return out
}

// noisyDetails are trace details a timeline does not need: payloads,
// tokens and bookkeeping that the chain (results.json) still carries.
var noisyDetails = map[string]bool{
	"token": true, "msg_random": true, "elems": true, "origin": true, "body": true, "text": true,
	"ext": true, "self_define_content": true, "package": true, "user": true, "device": true,
	"latency_ms": true, "receiver_called": true,
}

// hopDetail renders the telling fields of an event as k=v, sorted, at
// most 160 characters.
func hopDetail(d map[string]string) string {
	keys := make([]string, 0, len(d))
	for k, v := range d {
		if !noisyDetails[k] && v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%s", k, d[k])
	}
	s := b.String()
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:157], "") + "..."
	}
	return s
}

// reportSteps lists the scenario's steps with their status: every step
// before failed passed, failed failed, the rest did not run. failed is
// the failed step's index, or 0 when none failed.
func reportSteps(steps []format.Step, failed int) []reports.Step {
	out := make([]reports.Step, 0, len(steps))
	for _, st := range steps {
		status := reports.StepPassed
		switch {
		case failed == 0:
		case st.Index == failed:
			status = reports.StepFailed
		case st.Index > failed:
			status = reports.StepNotRun
		}
		out = append(out, reports.Step{Index: st.Index, Action: st.Action, Line: st.Line, Status: status, Detail: stepDetail(st)})
	}
	return out
}

// stepDetail says what a step acts on, in a few words.
func stepDetail(st format.Step) string {
	switch {
	case st.Action == format.ActWait:
		return st.Duration.String()
	case st.Action == format.ActNetwork:
		if st.NetworkUp {
			return st.Device + " on"
		}
		return st.Device + " off"
	case st.Action == format.ActLink:
		d := st.Device + " " + st.Link.Channel
		if st.Link.Partition != "" {
			d += " partition " + st.Link.Partition
		}
		if st.Link.SetLatency {
			d += " latency " + st.Link.Latency.String()
		}
		return d
	case st.Action == format.ActKick:
		return st.User
	case st.Certificate != nil:
		return fmt.Sprintf("%d (%s)", st.Certificate.ID, st.Certificate.Vendor)
	case st.Send != nil:
		return fmt.Sprintf("%s: %s → %s", st.Send.As, st.Send.From, st.Send.To)
	case st.Expect != nil && st.Expect.Message != "" && st.Device != "":
		return st.Expect.Message + " on " + st.Device
	}
	return st.Device
}

// failureReason is the reason code of the message a failed step checked,
// if it did not arrive.
func (r *run) failureReason(st format.Step) string {
	if st.Expect == nil || st.Expect.Message == "" || st.Device == "" {
		return ""
	}
	m, ok := r.env.Message(st.Expect.Message)
	if !ok {
		return ""
	}
	return string(r.env.Verdict(st.Device, m.Key).Reason)
}
