package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name       string          `xml:"name,attr"`
	Classname  string          `xml:"classname,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Failure    *junitFailure   `xml:"failure,omitempty"`
	Skipped    *junitSkipped   `xml:"skipped,omitempty"`
	SystemOut  string          `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

// WriteJUnit writes JUnit XML: one failing testcase per invalid file (its
// problems at file:line:col), one testcase per scenario (skipped when the
// label filter left it out, the failure with its replay command), each
// with properties (seed, vendors, labels, simulated time, every message's
// outcome and latency) and the messages' outcomes as system-out.
func WriteJUnit(r Results, w io.Writer) error {
	suite := junitSuite{Name: "pushsim scenarios", Time: seconds(r.WallMS),
		Properties: []junitProperty{{"seed", fmt.Sprint(r.Seed)}, {"simulated_ms", fmt.Sprint(r.SimMS)}}}
	for _, f := range r.Invalid {
		lines := make([]string, len(f.Problems))
		for i, p := range f.Problems {
			lines[i] = p.String(f.File)
		}
		msg := "invalid scenario file"
		if len(lines) > 0 {
			msg = lines[0]
		}
		suite.Cases = append(suite.Cases, junitCase{Name: "invalid scenario file " + f.File, Classname: f.File, Time: seconds(0),
			Failure: &junitFailure{Message: msg, Type: "invalid", Text: strings.Join(lines, "\n")}})
		suite.Failures++
	}
	for _, s := range r.Scenarios {
		c := junitCase{Name: s.Name, Classname: s.File, Time: seconds(s.WallMS), Properties: caseProperties(s), SystemOut: messagesText(s)}
		switch s.Status {
		case StatusPassed:
		case StatusSkipped:
			c.Skipped = &junitSkipped{Message: "left out by the label filter"}
			suite.Skipped++
		default:
			var text []string
			for _, f := range s.Failures {
				text = append(text, f.Message)
			}
			text = append(text, "replay: "+s.Replay)
			msg := "failed"
			if len(s.Failures) > 0 {
				msg = firstLine(s.Failures[0].Message)
			}
			c.Failure = &junitFailure{Message: msg, Type: "scenario", Text: strings.Join(text, "\n")}
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "pushsim", Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// caseProperties describes a scenario for CI tools that read testcase
// properties: its seed, vendors, labels, simulated time, and per message
// "ref → device" its outcome (with reason) and latency.
func caseProperties(s Scenario) []junitProperty {
	ps := []junitProperty{
		{"seed", fmt.Sprint(s.Seed)},
		{"vendors", strings.Join(s.Vendors, ",")},
		{"labels", strings.Join(s.Labels, ",")},
		{"simulated_ms", fmt.Sprint(s.SimMS)},
	}
	for _, m := range s.Messages {
		key := "message " + m.Ref + " → " + m.To
		outcome := m.Outcome
		if m.Reason != "" {
			outcome += " (" + m.Reason + ")"
		}
		ps = append(ps, junitProperty{key + " outcome", outcome})
		if m.Outcome == OutcomeNotified {
			ps = append(ps, junitProperty{key + " latency_ms", fmt.Sprint(m.LatencyMS)})
		}
	}
	return ps
}

func messagesText(s Scenario) string {
	var b strings.Builder
	for _, m := range s.Messages {
		fmt.Fprintf(&b, "%s → %s (%s): %s", m.Ref, m.To, m.Vendor, m.Outcome)
		if m.Outcome == OutcomeNotified {
			fmt.Fprintf(&b, " after %dms", m.LatencyMS)
		}
		if m.Reason != "" {
			fmt.Fprintf(&b, ", reason %s", m.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
