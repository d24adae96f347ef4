// Package benchrow collects the rows of the table `make bench` prints: each
// measurement appends its rows to the file PUSHSIM_BENCH_ROWS names, and
// Table prints them under one header.
package benchrow

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Env is the variable naming the rows file.
const Env = "PUSHSIM_BENCH_ROWS"

// Row is one line of the table.
type Row struct {
	// What is measured.
	What string
	// Value is the figure with its unit.
	Value string
	// Note says how it was measured or why it was not.
	Note string
}

// Add appends rows to the file named by PUSHSIM_BENCH_ROWS; without it,
// it does nothing. One write per call, so rows from processes running at
// once do not interleave within a line.
func Add(rows ...Row) error {
	path := os.Getenv(Env)
	if path == "" {
		return nil
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", clean(r.What), clean(r.Value), clean(r.Note))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("bench rows: %w", err)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return fmt.Errorf("bench rows: %w", err)
	}
	return f.Close()
}

func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "|", "/").Replace(s)
}

// Read parses a rows file.
func Read(r io.Reader) ([]Row, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var rows []Row
	for i, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("bench rows line %d: %d fields, want 3", i+1, len(f))
		}
		rows = append(rows, Row{What: f[0], Value: f[1], Note: f[2]})
	}
	return rows, nil
}

// Table writes rows as one Markdown table, columns padded to line up.
func Table(w io.Writer, rows []Row) error {
	head := Row{"measurement", "value", "how"}
	width := [3]int{len(head.What), len(head.Value), len(head.Note)}
	for _, r := range rows {
		width[0] = max(width[0], len(r.What))
		width[1] = max(width[1], len(r.Value))
		width[2] = max(width[2], len(r.Note))
	}
	line := func(r Row) string {
		return fmt.Sprintf("| %-*s | %-*s | %-*s |\n", width[0], r.What, width[1], r.Value, width[2], r.Note)
	}
	var b strings.Builder
	b.WriteString(line(head))
	fmt.Fprintf(&b, "|%s|%s|%s|\n", strings.Repeat("-", width[0]+2), strings.Repeat("-", width[1]+2), strings.Repeat("-", width[2]+2))
	for _, r := range rows {
		b.WriteString(line(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
