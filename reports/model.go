// Package reports turns scenario results into the files people and CI
// read: results.json, JUnit XML, one offline HTML page and a Markdown
// summary. Every generator is a pure function of Results; it depends on
// nothing but its own data model.
package reports

// Results is a whole run: the shape of results.json (docs/contracts.md).
type Results struct {
	Seed      uint64     `json:"seed"`
	Totals    Totals     `json:"totals"`
	Scenarios []Scenario `json:"scenarios"`
	// SimMS and WallMS sum the scenarios' simulated and wall time.
	SimMS  int64 `json:"sim_ms"`
	WallMS int64 `json:"wall_ms"`
}

// Totals counts scenarios by status.
type Totals struct {
	Passed int `json:"passed"`
	Failed int `json:"failed"`
}

// Status values of a scenario.
const (
	StatusPassed = "passed"
	StatusFailed = "failed"
)

// Scenario is one scenario file's outcome.
type Scenario struct {
	Name     string    `json:"name"`
	File     string    `json:"file"`
	Labels   []string  `json:"labels,omitempty"`
	Status   string    `json:"status"`
	Seed     uint64    `json:"seed"`
	SimMS    int64     `json:"sim_ms"`
	WallMS   int64     `json:"wall_ms"`
	Failures []Failure `json:"failures"`
	Messages []Message `json:"messages"`
	Replay   string    `json:"replay"`
}

// Failure is one failed step.
type Failure struct {
	Step    int    `json:"step"`
	Message string `json:"message"`
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
}

// Add appends a scenario and updates the totals.
func (r *Results) Add(s Scenario) {
	r.Scenarios = append(r.Scenarios, s)
	if s.Status == StatusPassed {
		r.Totals.Passed++
	} else {
		r.Totals.Failed++
	}
	r.SimMS += s.SimMS
	r.WallMS += s.WallMS
}
