package format

import (
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in a scenario file.
type Problem struct {
	File   string
	Line   int
	Column int
	Msg    string
	Hint   string
}

// Error renders file:line:col: message (hint).
func (p Problem) Error() string {
	s := fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Msg)
	if p.Hint != "" {
		s += " (hint: " + p.Hint + ")"
	}
	return s
}

// Problems is every problem found in one file, in file order.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// problems collects problems while a file is read.
type problems struct {
	file  string
	found Problems
	// hinted records, per mapping, the keys a "did you mean" already
	// pointed at, so a misspelt required key is reported once.
	hinted map[*yaml.Node]map[string]bool
}

func (c *problems) suggest(mapping *yaml.Node, key string) {
	if c.hinted == nil {
		c.hinted = map[*yaml.Node]map[string]bool{}
	}
	if c.hinted[mapping] == nil {
		c.hinted[mapping] = map[string]bool{}
	}
	c.hinted[mapping][key] = true
}

func (c *problems) suggested(mapping *yaml.Node, key string) bool { return c.hinted[mapping][key] }

func (c *problems) at(n *yaml.Node, hint, format string, args ...any) {
	p := Problem{File: c.file, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	c.found = append(c.found, p)
}

func (c *problems) err() error {
	if len(c.found) == 0 {
		return nil
	}
	sort.SliceStable(c.found, func(i, j int) bool {
		a, b := c.found[i], c.found[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return c.found
}

// closest returns the candidate nearest to s, for "did you mean" hints.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(s)/3) {
		return ""
	}
	return best
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// didYouMean is a hint naming the closest allowed word, or listing them.
func didYouMean(s string, allowed []string) string {
	if c := closest(s, allowed); c != "" {
		return "did you mean " + c + "?"
	}
	sorted := append([]string(nil), allowed...)
	sort.Strings(sorted)
	return "allowed: " + strings.Join(sorted, ", ")
}
