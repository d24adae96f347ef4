package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"time"
)

//go:embed report.html.tmpl
var htmlFS embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"dur": func(ms int64) string { return (time.Duration(ms) * time.Millisecond).Round(time.Millisecond).String() },
	"pct": func(part, total int) string {
		if total == 0 {
			return "0"
		}
		return fmt.Sprintf("%.0f", 100*float64(part)/float64(total))
	},
}).ParseFS(htmlFS, "report.html.tmpl"))

// WriteHTML writes one self-contained HTML page (no scripts, no external
// resources) that a person can open from a CI artifact.
func WriteHTML(r Results, w io.Writer) error {
	return htmlTemplate.Execute(w, r)
}
