// Package reports turns scenario results into the files people and CI
// read: results.json, JUnit XML, one offline HTML page and a Markdown
// summary. Every generator is a pure function of Results; it depends on
// nothing but its own data model.
package reports

import "fmt"

// Results is a whole run: the shape of results.json (docs/contracts.md).
type Results struct {
	Seed      uint64     `json:"seed"`
	Totals    Totals     `json:"totals"`
	Scenarios []Scenario `json:"scenarios"`
	// Invalid lists the files that could not be read; when there is one,
	// nothing ran.
	Invalid []InvalidFile `json:"invalid,omitempty"`
	// SimMS sums the scenarios' simulated time. WallMS is the run's wall
	// time, start to end (scenarios may run in parallel, so it is not the
	// sum of theirs).
	SimMS  int64 `json:"sim_ms"`
	WallMS int64 `json:"wall_ms"`
}

// Totals counts scenarios by status, and the invalid files.
type Totals struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	Invalid int `json:"invalid"`
}

// Status values of a scenario.
const (
	StatusPassed = "passed"
	StatusFailed = "failed"
	// StatusSkipped is a scenario that the label filter left out.
	StatusSkipped = "skipped"
)

// InvalidFile is a scenario file that could not be read, with every
// problem found in it.
type InvalidFile struct {
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
}

// Problem is one thing wrong in a file, at a line and column.
type Problem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// String renders file:line:col: message.
// A problem with no position (the file could not be read) is file: message.
func (p Problem) String(file string) string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", file, p.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", file, p.Line, p.Column, p.Message)
}

// Scenario is one scenario file's outcome.
type Scenario struct {
	Name     string    `json:"name"`
	File     string    `json:"file"`
	Labels   []string  `json:"labels,omitempty"`
	Vendors  []string  `json:"vendors,omitempty"`
	Status   string    `json:"status"`
	Seed     uint64    `json:"seed"`
	SimMS    int64     `json:"sim_ms"`
	WallMS   int64     `json:"wall_ms"`
	Failures []Failure `json:"failures"`
	Messages []Message `json:"messages"`
	Replay   string    `json:"replay"`
	// Steps lists the scenario's steps in order, each with its status;
	// steps after a failed one did not run.
	Steps []Step `json:"steps,omitempty"`
	// Faults counts how often each injected fault rule fired, so a green
	// run cannot hide a fault that never happened.
	Faults []FaultFired `json:"faults,omitempty"`
}

// FaultFired is how often one vendor fault rule fired in a scenario.
type FaultFired struct {
	Vendor string `json:"vendor"`
	Rule   string `json:"rule"`
	// Kind is what the rule does: error, drop, latency, quota, down, ramp.
	Kind  string `json:"kind,omitempty"`
	Fired int    `json:"fired"`
}

// Failure is one failed step.
type Failure struct {
	Step    int    `json:"step"`
	Message string `json:"message"`
	// Line is the failed step's line in the scenario file, when known.
	Line int `json:"line,omitempty"`
	// Reason is the reason code of the message the failed step checked,
	// when the step concerns a message that did not arrive.
	Reason string `json:"reason,omitempty"`
}

// Step status values.
const (
	StepPassed = "passed"
	StepFailed = "failed"
	// StepNotRun is a step after the failed one.
	StepNotRun = "not_run"
)

// Step is one step of a scenario file and what became of it.
type Step struct {
	// Index is the step's 1-based position in the file.
	Index int `json:"index"`
	// Action is the step's action name (launch, send, expect_notification, ...).
	Action string `json:"action"`
	// Line is where the step starts in the file.
	Line int `json:"line"`
	// Status is passed, failed or not_run.
	Status string `json:"status"`
	// Detail says what the step acts on, e.g. "alice-phone" or "m1 bob → alice".
	Detail string `json:"detail,omitempty"`
}

// Outcome values of a message on a device.
const (
	OutcomeNotified     = "notified"
	OutcomeOnline       = "online"
	OutcomeNotDelivered = "not_delivered"
)

// Message is what became of one sent message on one device.
type Message struct {
	Ref       string `json:"ref"`
	To        string `json:"to"`
	Vendor    string `json:"vendor"`
	Outcome   string `json:"outcome"`
	LatencyMS int64  `json:"latency_ms"`
	Reason    string `json:"reason"`
	// Chain is the message's path, one event per line ("why not").
	Chain []string `json:"chain,omitempty"`
	// State is the recipient device's state when the message was sent:
	// one of the State* values, or another word for a state they do not
	// name.
	State string `json:"state,omitempty"`
	// SentMS is the simulated send time, in milliseconds from the start
	// of the scenario.
	SentMS int64 `json:"sent_ms,omitempty"`
	// Hops is the message's path on this device, IM → vendor → device →
	// tap, each event at its simulated time.
	Hops []Hop `json:"hops,omitempty"`
}

// Device states at send time (Message.State).
const (
	StateForeground  = "foreground"    // app in front, IM online
	StateBackground  = "background"    // app in the background, IM socket still up
	StateKilled      = "killed"        // process gone, IM instance push-online
	StateNetworkOff  = "network_off"   // the device has no network
	StateLoggedOut   = "logged_out"    // the user logged out of IM
	StateKicked      = "kicked"        // kicked by another login or the REST API
	StateUninstalled = "uninstalled"   // the app is not installed
	StateNotLaunched = "not_launched"  // installed, never started
	StateNotLoggedIn = "not_logged_in" // running, never logged in to IM
	StateOffline     = "offline"       // IM instance offline for another cause (timeout, expiry)
)

// Hop is one event on a message's path.
type Hop struct {
	// Kind is the trace event kind, e.g. im.route, vendor.deliver,
	// device.notify, device.click. Its prefix names the lane: im,
	// vendor, device (device.click and device.intent are the tap).
	Kind string `json:"kind"`
	// AtMS is the simulated time, in milliseconds from the start of the
	// scenario.
	AtMS int64 `json:"at_ms"`
	// Detail is a short summary of the event's fields (never secrets).
	Detail string `json:"detail,omitempty"`
	// Reason is set on the hop that stopped the message.
	Reason string `json:"reason,omitempty"`
}

// Add appends a scenario and updates the totals and the simulated time.
// The caller sets WallMS, which only it can measure.
func (r *Results) Add(s Scenario) {
	r.Scenarios = append(r.Scenarios, s)
	switch s.Status {
	case StatusPassed:
		r.Totals.Passed++
	case StatusSkipped:
		r.Totals.Skipped++
	default:
		r.Totals.Failed++
	}
	r.SimMS += s.SimMS
}

// AddInvalid records a file that could not be read.
func (r *Results) AddInvalid(f InvalidFile) {
	r.Invalid = append(r.Invalid, f)
	r.Totals.Invalid++
}

// OK reports whether the run is green: no failed scenario, no invalid file.
func (r *Results) OK() bool { return r.Totals.Failed == 0 && r.Totals.Invalid == 0 }
