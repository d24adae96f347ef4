package reports

import (
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"regexp"
	"sort"
	"strings"
)

//go:embed report.html.tmpl report.css report.js
var htmlFS embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"dur":        dur,
	"stateLabel": stateLabel,
	"pct": func(part, total int) string {
		if total == 0 {
			return "0"
		}
		return fmt.Sprintf("%.1f", 100*float64(part)/float64(total))
	},
	"ms": func(ms int64) string {
		if ms < 0 {
			return "–"
		}
		return dur(ms)
	},
}).ParseFS(htmlFS, "report.html.tmpl"))

// maxHeaderFailures is how many failures the header lists; the scenario
// list's status filter shows the rest.
const maxHeaderFailures = 50

// WriteHTML writes one self-contained HTML page that a person can open
// from a CI artifact, offline: inline CSS, inline SVG and one inline
// script, nothing fetched. The header, the failures, the delivery matrix
// and the latency charts are plain HTML; the scenario list is built by
// the script from data embedded in the page, a screenful at a time, and
// a scenario's steps and timelines only when it is expanded, so that a
// run of thousands of scenarios opens as fast as a small one.
func WriteHTML(r Results, w io.Writer) error {
	v, err := newHTMLView(r)
	if err != nil {
		return err
	}
	return htmlTemplate.Execute(w, v)
}

// htmlView is what the template renders.
type htmlView struct {
	R          Results
	Total      int
	Failed     []failedView
	MoreFailed int
	// FailureReasons count the failed scenarios by their failure's
	// reason code, most common first.
	FailureReasons []reasonCount
	Bar            []barSegment
	Matrix         matrixView
	Latency        []latencyView
	// Faults is the fault coverage; Unfired counts the rules that never
	// fired.
	Faults       []RuleCoverage
	Unfired      int
	MessageCount int
	CSS          template.CSS
	JS           template.JS
	Data         template.JS
}

type failedView struct {
	ID, Name, File, Where, Reason, Message, Replay string
}

type reasonCount struct {
	Reason string
	Count  int
}

type barSegment struct {
	Class, Label string
	Count        int
	MinPX        int
}

type matrixView struct {
	States []string
	Rows   []matrixRow
}

type matrixRow struct {
	Vendor string
	Cells  []matrixCell
}

type matrixCell struct {
	State  string
	Counts cellCounts
	Class  string
}

type latencyView struct {
	VendorStats
	P50, P95, P99 int64
	Chart         template.HTML
}

func newHTMLView(r Results) (*htmlView, error) {
	css, err := htmlFS.ReadFile("report.css")
	if err != nil {
		return nil, err
	}
	js, err := htmlFS.ReadFile("report.js")
	if err != nil {
		return nil, err
	}
	ids := ScenarioIDs(r.Scenarios)
	v := &htmlView{R: r, Total: len(r.Scenarios), CSS: template.CSS(css), JS: template.JS(js), Faults: r.FaultCoverage()}
	for _, c := range v.Faults {
		if c.Fired == 0 {
			v.Unfired++
		}
	}
	reasons := map[string]int{}
	for i, s := range r.Scenarios {
		v.MessageCount += len(s.Messages)
		if s.Status != StatusFailed {
			continue
		}
		if len(s.Failures) > 0 && s.Failures[0].Reason != "" {
			reasons[s.Failures[0].Reason]++
		}
		if len(v.Failed) == maxHeaderFailures {
			v.MoreFailed++
			continue
		}
		f := failedView{ID: ids[i], Name: s.Name, File: s.File, Replay: s.Replay}
		if len(s.Failures) > 0 {
			f.Message = firstLine(s.Failures[0].Message)
			f.Reason = s.Failures[0].Reason
			if s.Failures[0].Line > 0 {
				f.Where = fmt.Sprintf("%s:%d", s.File, s.Failures[0].Line)
			}
		}
		if f.Where == "" {
			f.Where = s.File
		}
		v.Failed = append(v.Failed, f)
	}
	for _, k := range sortedByCount(reasons) {
		v.FailureReasons = append(v.FailureReasons, reasonCount{k, reasons[k]})
	}
	// The failed and invalid segments keep a minimum width: one failure
	// in thousands must still show as red.
	for _, seg := range []barSegment{
		{Class: "failed", Label: "failed", Count: r.Totals.Failed, MinPX: 14},
		{Class: "invalid", Label: "invalid files", Count: r.Totals.Invalid, MinPX: 14},
		{Class: "passed", Label: "passed", Count: r.Totals.Passed},
		{Class: "skipped", Label: "skipped", Count: r.Totals.Skipped},
	} {
		if seg.Count > 0 {
			v.Bar = append(v.Bar, seg)
		}
	}
	mx := deliveryMatrix(r)
	v.Matrix.States = mx.States
	for _, vendor := range mx.Vendors {
		row := matrixRow{Vendor: vendor}
		for _, st := range mx.States {
			c := mx.Cells[[2]string{vendor, st}]
			row.Cells = append(row.Cells, matrixCell{State: st, Counts: c, Class: cellClass(c)})
		}
		v.Matrix.Rows = append(v.Matrix.Rows, row)
	}
	for _, vs := range r.Vendors() {
		v.Latency = append(v.Latency, latencyView{VendorStats: vs, P50: vs.Percentile(50), P95: vs.Percentile(95),
			P99: vs.Percentile(99), Chart: latencyChart(vs)})
	}
	data, err := pageData(r, ids)
	if err != nil {
		return nil, err
	}
	v.Data = template.JS(data)
	return v, nil
}

// cellClass colours a matrix cell: red with a failed scenario's message,
// else by its most common outcome.
func cellClass(c cellCounts) string {
	switch {
	case c.total() == 0:
		return "empty"
	case c.Failed > 0:
		return "failed"
	case c.Notified >= c.Online && c.Notified >= c.NotDelivered:
		return "notified"
	case c.Online >= c.NotDelivered:
		return "online"
	}
	return "not_delivered"
}

var nonID = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// ScenarioIDs are the scenarios' element IDs in index.html, in order,
// so that index.html#<ID> opens a scenario's section. An ID comes from the
// file name (or the name): "s-meizu_killed" for
// scenarios/catalog/meizu_killed.yaml; a repeated one gets a numeric
// suffix.
func ScenarioIDs(ss []Scenario) []string {
	out := make([]string, len(ss))
	seen := map[string]int{}
	for i, s := range ss {
		base := s.File
		if base == "" {
			base = s.Name
		}
		if j := strings.LastIndex(base, "/"); j >= 0 {
			base = base[j+1:]
		}
		base = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
		id := "s-" + strings.Trim(nonID.ReplaceAllString(base, "-"), "-")
		seen[id]++
		if n := seen[id]; n > 1 {
			id = fmt.Sprintf("%s-%d", id, n)
		}
		out[i] = id
	}
	return out
}

// latencyChart draws a vendor's latency histogram as inline SVG, with
// the p50, p95 and p99 marked. Every vendor shares the bins, so charts
// compare at a glance.
func latencyChart(v VendorStats) template.HTML {
	const w, h, left, bottom, top = 330.0, 110.0, 6.0, 20.0, 14.0
	bins := histogram(v.LatenciesMS)
	most := 1
	for _, n := range bins {
		most = max(most, n)
	}
	bw := (w - 2*left) / float64(len(bins))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="hist" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="latency histogram of %s">`,
		w, h, w, h, html.EscapeString(v.Vendor))
	fmt.Fprintf(&b, `<line class="axis" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, left, h-bottom, w-left, h-bottom)
	for i, n := range bins {
		x := left + float64(i)*bw
		bh := (h - bottom - top) * float64(n) / float64(most)
		if n > 0 {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
				x+1, h-bottom-bh, bw-2, bh, latencyBins[i].label, n)
			fmt.Fprintf(&b, `<text class="n" x="%.1f" y="%.1f">%d</text>`, x+bw/2, h-bottom-bh-3, n)
		}
		if i%2 == 0 {
			fmt.Fprintf(&b, `<text class="tick" x="%.1f" y="%.1f">%s</text>`, x+bw/2, h-bottom+12, latencyBins[i].label)
		}
	}
	for _, p := range []struct {
		name string
		q    float64
	}{{"p50", 50}, {"p95", 95}, {"p99", 99}} {
		ms := v.Percentile(p.q)
		if ms < 0 {
			continue
		}
		x := left + binPosition(ms)*bw
		fmt.Fprintf(&b, `<line class="pct %s" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"><title>%s %s</title></line>`,
			p.name, x, top-4, x, h-bottom, p.name, dur(ms))
	}
	if len(v.LatenciesMS) == 0 {
		fmt.Fprintf(&b, `<text class="none" x="%.1f" y="%.1f">no notified message</text>`, w/2, (h-bottom)/2)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// pageData is the scenario list as compact JSON for the page's script.
// Repeated strings (vendors, states, reasons, hop kinds and details, step
// actions) are stored once in a table "t" and referred to by index.
func pageData(r Results, ids []string) ([]byte, error) {
	type failure struct {
		Step    int    `json:"s"`
		Line    int    `json:"l,omitempty"`
		Reason  int    `json:"r,omitempty"`
		Message string `json:"m"`
	}
	type scenario struct {
		ID       string    `json:"id"`
		Name     string    `json:"n"`
		File     string    `json:"f"`
		Status   string    `json:"st"`
		Labels   []int     `json:"lb,omitempty"`
		Vendors  []int     `json:"v,omitempty"`
		Seed     uint64    `json:"seed"`
		SimMS    int64     `json:"sim"`
		WallMS   int64     `json:"wall"`
		Replay   string    `json:"rp"`
		Failures []failure `json:"fl,omitempty"`
		// Steps: index, action, line, status, detail; five per step.
		Steps []any `json:"sp,omitempty"`
		// Messages: ref, device, vendor, outcome, latency, reason,
		// state, sent, hops (kind, at, detail, reason; four per hop),
		// and the chain when there are no hops.
		Messages [][]any `json:"m,omitempty"`
	}
	table := []string{""}
	index := map[string]int{"": 0}
	in := func(s string) int {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = len(table)
		table = append(table, s)
		return len(table) - 1
	}
	ins := func(ss []string) []int {
		out := make([]int, len(ss))
		for i, s := range ss {
			out[i] = in(s)
		}
		return out
	}
	// Failed scenarios come first; the rest keep their order.
	order := make([]int, len(r.Scenarios))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return r.Scenarios[order[a]].Status == StatusFailed && r.Scenarios[order[b]].Status != StatusFailed
	})
	out := struct {
		Table     []string          `json:"t"`
		States    map[string]string `json:"sl"`
		Scenarios []scenario        `json:"s"`
	}{States: stateLabels}
	for _, i := range order {
		s := r.Scenarios[i]
		sc := scenario{ID: ids[i], Name: s.Name, File: s.File, Status: s.Status, Labels: ins(s.Labels), Vendors: ins(s.Vendors),
			Seed: s.Seed, SimMS: s.SimMS, WallMS: s.WallMS, Replay: s.Replay}
		for _, f := range s.Failures {
			sc.Failures = append(sc.Failures, failure{Step: f.Step, Line: f.Line, Reason: in(f.Reason), Message: f.Message})
		}
		for _, st := range s.Steps {
			sc.Steps = append(sc.Steps, st.Index, in(st.Action), st.Line, in(st.Status), in(st.Detail))
		}
		for _, m := range s.Messages {
			hops := make([]any, 0, 4*len(m.Hops))
			for _, h := range m.Hops {
				hops = append(hops, in(h.Kind), h.AtMS, in(h.Detail), in(h.Reason))
			}
			row := []any{m.Ref, m.To, in(m.Vendor), in(m.Outcome), m.LatencyMS, in(m.Reason), in(m.State), m.SentMS, hops}
			if len(m.Hops) == 0 && len(m.Chain) > 0 {
				row = append(row, m.Chain)
			}
			sc.Messages = append(sc.Messages, row)
		}
		out.Scenarios = append(out.Scenarios, sc)
	}
	out.Table = table
	// json.Marshal escapes <, > and &, so the data cannot end the script
	// element it sits in.
	return json.Marshal(out)
}
