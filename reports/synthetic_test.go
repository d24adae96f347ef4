package reports_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/pushsim/pushsim/reports"
)

// synthetic builds a run of n scenarios shaped like a large catalog:
// eight vendors, every device state, one to four messages per scenario,
// each with its steps and a full path, and about one scenario in a
// hundred failed. The same n gives the same run.
func synthetic(n int) reports.Results {
	vendors := []string{"apns", "fcm", "honor", "huawei", "meizu", "oppo", "vivo", "xiaomi"}
	states := []string{reports.StateForeground, reports.StateBackground, reports.StateKilled, reports.StateNetworkOff,
		reports.StateLoggedOut, reports.StateKicked, reports.StateUninstalled, reports.StateKilled}
	actions := map[string]string{reports.StateBackground: "background", reports.StateKilled: "kill",
		reports.StateNetworkOff: "network", reports.StateLoggedOut: "logout", reports.StateKicked: "kick",
		reports.StateUninstalled: "uninstall", reports.StateForeground: "foreground"}
	clicks := []string{"open_app", "open_url", "open_activity"}
	rng := rand.New(rand.NewPCG(uint64(n), 5000))
	r := reports.Results{Seed: 1, WallMS: int64(n) * 2}
	for i := range n {
		vendor, state, click := vendors[i%len(vendors)], states[(i/len(vendors))%len(states)], clicks[i%len(clicks)]
		file := fmt.Sprintf("qa/generated/%s_%s_%s_%04d.yaml", vendor, state, click, i)
		s := reports.Scenario{
			Name:    fmt.Sprintf("%s, %s, variant %d: the tap %s", vendor, state, i, click),
			File:    file,
			Labels:  []string{"vendor:" + vendor, "lifecycle:" + state, "click:" + click},
			Vendors: []string{vendor},
			Status:  reports.StatusPassed, Seed: 1, WallMS: int64(2 + rng.IntN(20)),
			Replay: fmt.Sprintf("pushsim run %s --seed 1", file),
		}
		failed := i%97 == 13
		line := 20
		step := func(action, detail string) {
			s.Steps = append(s.Steps, reports.Step{Index: len(s.Steps) + 1, Action: action, Line: line, Status: reports.StepPassed, Detail: detail})
			line++
		}
		step("launch", "alice-phone")
		step("login", "alice-phone")
		step("wait", "11m0s")
		step(actions[state], "alice-phone")
		at := int64(660000)
		for k := range 1 + rng.IntN(4) {
			ref := fmt.Sprintf("m%d", k+1)
			step("send", ref+": bob → alice")
			m := syntheticMessage(rng, vendor, state, ref, at, i, failed && k == 0)
			s.Messages = append(s.Messages, m)
			if m.Outcome == reports.OutcomeNotified {
				step("expect_notification", ref+" on alice-phone")
			} else {
				step("expect_no_notification", ref+" on alice-phone")
			}
			at += 60000
		}
		step("click", "m1 on alice-phone")
		step("expect_intent", "alice-phone")
		if failed {
			s.Status = reports.StatusFailed
			s.Steps[5].Status = reports.StepFailed
			for j := 6; j < len(s.Steps); j++ {
				s.Steps[j].Status = reports.StepNotRun
			}
			s.Failures = []reports.Failure{{Step: 6, Line: s.Steps[5].Line, Reason: s.Messages[0].Reason,
				Message: fmt.Sprintf("step 6 (expect_notification, line %d): no notification for m1 on alice-phone within 1m0s of sending (reason: %s)", s.Steps[5].Line, s.Messages[0].Reason)}}
		}
		s.SimMS = at + 120000
		r.Add(s)
	}
	return r
}

// syntheticMessage is one message's fate in a device state, with its
// hops.
func syntheticMessage(rng *rand.Rand, vendor, state, ref string, at int64, i int, broken bool) reports.Message {
	m := reports.Message{Ref: ref, To: "alice-phone", Vendor: vendor, State: state, SentMS: at}
	hop := func(kind string, dt int64, detail, reason string) {
		m.Hops = append(m.Hops, reports.Hop{Kind: kind, AtMS: at + dt, Detail: detail, Reason: reason})
	}
	hop("im.send", 0, "from=bob to=alice", "")
	switch {
	case state == reports.StateForeground:
		m.Outcome, m.Reason = reports.OutcomeOnline, "delivered_online"
		hop("im.route", 0, "decision=online state=Online", "delivered_online")
		hop("im.online", 0, "", "")
		hop("device.message", 0, "from=bob", "")
		return m
	case state == reports.StateLoggedOut || state == reports.StateKicked:
		m.Outcome, m.Reason = reports.OutcomeNotDelivered, map[string]string{reports.StateLoggedOut: "logged_out", reports.StateKicked: "kicked"}[state]
		hop("im.route", 0, "decision=drop state=Offline", m.Reason)
		return m
	}
	hop("im.route", 0, "certificate=6666 decision=push state=PushOnline vendor="+vendor, "")
	hop("vendor.request", 0, fmt.Sprintf("certificate=6666 title=order %d vendor=%s", i, vendor), "")
	switch {
	case broken:
		m.Outcome, m.Reason = reports.OutcomeNotDelivered, "vendor_unavailable"
		hop("vendor.result", 30000, "code=503 message=service unavailable", m.Reason)
		return m
	case state == reports.StateUninstalled:
		m.Outcome, m.Reason = reports.OutcomeNotDelivered, "vendor_token_invalid"
		hop("vendor.result", 0, "code=110002 message=invalid token", m.Reason)
		return m
	case rng.IntN(20) == 0:
		m.Outcome, m.Reason = reports.OutcomeNotDelivered, "vendor_dropped"
		hop("vendor.result", 0, "code=200", "")
		hop("vendor.drop", 0, "rule=drop", m.Reason)
		return m
	}
	hop("vendor.result", 0, "code=200", "")
	// Log-normal latency around a vendor's median; network loss waits for
	// the network to return.
	median := 300 + 80*float64(len(vendor))
	lat := int64(median * math.Exp(0.6*rng.NormFloat64()))
	if state == reports.StateNetworkOff {
		lat += 60000
	}
	m.Outcome, m.LatencyMS = reports.OutcomeNotified, lat
	hop("vendor.deliver", lat, "attempt=1", "")
	hop("device.notify", lat, fmt.Sprintf("click=open_app title=order %d", i), "")
	hop("device.click", lat, fmt.Sprintf("title=order %d", i), "")
	hop("device.intent", lat, "intent=-n com.example.chat/.MainActivity", "")
	return m
}
