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
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

// WriteJUnit writes JUnit XML: one testcase per scenario, the failure
// with its replay command, and the messages' outcomes as system-out.
func WriteJUnit(r Results, w io.Writer) error {
	suite := junitSuite{Name: "pushsim scenarios", Tests: len(r.Scenarios), Failures: r.Totals.Failed, Time: seconds(r.WallMS),
		Properties: []junitProperty{{"seed", fmt.Sprint(r.Seed)}, {"simulated_ms", fmt.Sprint(r.SimMS)}}}
	for _, s := range r.Scenarios {
		c := junitCase{Name: s.Name, Classname: s.File, Time: seconds(s.WallMS), SystemOut: messagesText(s)}
		if s.Status != StatusPassed {
			var text []string
			for _, f := range s.Failures {
				text = append(text, fmt.Sprintf("step %d: %s", f.Step, f.Message))
			}
			text = append(text, "replay: "+s.Replay)
			msg := "failed"
			if len(s.Failures) > 0 {
				msg = fmt.Sprintf("step %d: %s", s.Failures[0].Step, firstLine(s.Failures[0].Message))
			}
			c.Failure = &junitFailure{Message: msg, Type: "scenario", Text: strings.Join(text, "\n")}
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "pushsim", Tests: suite.Tests, Failures: suite.Failures, Time: suite.Time, Suites: []junitSuite{suite}}
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
