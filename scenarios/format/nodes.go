package format

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// reader reads typed values out of YAML nodes, recording a problem for
// every value of the wrong type.
type reader struct {
	*problems
}

// fields returns a mapping's values by key, refusing keys not in allowed.
func (r reader) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n == nil {
		return out
	}
	if n.Kind != yaml.MappingNode {
		r.at(n, "write it as key: value lines or {key: value}", "%s must be a mapping, not %s", what, kindName(n))
		return out
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ok[k.Value] {
			r.at(k, didYouMean(k.Value, allowed), "unknown key %q in %s", k.Value, what)
			if c := closest(k.Value, allowed); c != "" {
				r.suggest(n, c)
			}
			continue
		}
		if _, dup := out[k.Value]; dup {
			r.at(k, "", "key %q appears twice in %s", k.Value, what)
		}
		out[k.Value] = v
	}
	return out
}

// required records a problem when key is missing.
func (r reader) required(parent *yaml.Node, f map[string]*yaml.Node, what string, keys ...string) {
	for _, k := range keys {
		if f[k] == nil && !r.suggested(parent, k) {
			r.at(parent, "", "%s needs %q", what, k)
		}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return "the value " + strconv.Quote(n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

func (r reader) scalar(n *yaml.Node, what string) bool {
	if n == nil {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.at(n, "", "%s must be a single value, not %s", what, kindName(n))
		return false
	}
	return true
}

func (r reader) str(n *yaml.Node, what string) string {
	if !r.scalar(n, what) {
		return ""
	}
	return n.Value
}

func (r reader) integer(n *yaml.Node, what string) (int64, bool) {
	if !r.scalar(n, what) {
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		r.at(n, "write a whole number", "%s must be an integer, not %q", what, n.Value)
		return 0, false
	}
	return v, true
}

func (r reader) uinteger(n *yaml.Node, what string) (uint64, bool) {
	if !r.scalar(n, what) {
		return 0, false
	}
	v, err := strconv.ParseUint(n.Value, 10, 64)
	if err != nil {
		r.at(n, "write a whole number ≥ 0", "%s must be a non-negative integer, not %q", what, n.Value)
		return 0, false
	}
	return v, true
}

func (r reader) number(n *yaml.Node, what string) (float64, bool) {
	if !r.scalar(n, what) {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if err != nil {
		r.at(n, "write a number such as 0.05", "%s must be a number, not %q", what, n.Value)
		return 0, false
	}
	return v, true
}

func (r reader) boolean(n *yaml.Node, what string) (bool, bool) {
	if !r.scalar(n, what) {
		return false, false
	}
	switch strings.ToLower(n.Value) {
	case "true", "yes", "on":
		return true, true
	case "false", "no", "off":
		return false, true
	}
	r.at(n, "write true or false", "%s must be true or false, not %q", what, n.Value)
	return false, false
}

func (r reader) duration(n *yaml.Node, what string) (time.Duration, bool) {
	if !r.scalar(n, what) {
		return 0, false
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil {
		r.at(n, "write a duration such as 90s, 10m, 800ms or 1h30m", "%s: %q is not a duration", what, n.Value)
		return 0, false
	}
	if d < 0 {
		r.at(n, "", "%s must not be negative", what)
		return 0, false
	}
	return d, true
}

func (r reader) strings(n *yaml.Node, what string) []string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.at(n, "write a list such as [a, b]", "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		if s := r.str(item, what+" item"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r reader) list(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.at(n, "write a list, each item starting with -", "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	return n.Content
}

// oneOf checks a string value against allowed words.
func (r reader) oneOf(n *yaml.Node, what string, allowed ...string) string {
	s := r.str(n, what)
	if s == "" {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	r.at(n, didYouMean(s, allowed), "%s: %q is not one of %s", what, s, strings.Join(allowed, ", "))
	return ""
}
