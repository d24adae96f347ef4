package protocol

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// IntentURI is an Android intent in the URI form that
// Intent.toUri(Intent.URI_INTENT_SCHEME) writes and Intent.parseUri reads,
// as push payloads carry what a tap opens:
//
//	intent:[data]#Intent;scheme=...;action=...;category=...;launchFlags=0x...;package=...;component=pkg/cls;S.key=value;end
//
// Names and values are percent-encoded as android.net.Uri.encode does.
type IntentURI struct {
	// Action is the intent's action; empty when the URI names none
	// (Android then starts ACTION_VIEW).
	Action string
	// Categories are the categories in the order written.
	Categories []string
	// Data is the data URI: the part between "intent:" and "#Intent;" as
	// written (still percent-encoded), after the scheme= value and a
	// colon when there is one.
	Data string
	// Package is package=, or else the component's package.
	Package string
	// Component is the target Activity's full class name: a class written
	// ".Cls" is resolved against the component's package.
	Component string
	// ComponentPackage, when set, is the package String writes in
	// component=, without a package= field when Package is empty (vivo's
	// form). Empty means Package or, when that is empty or not a package
	// name, the class name up to its last dot. ParseIntentURI leaves it
	// empty.
	ComponentPackage string
	// LaunchFlags is launchFlags as written: hexadecimal, "0x" optional.
	LaunchFlags string
	// Extras are the extras by name. Typed extras (i., B., l., ...) keep
	// their text.
	Extras map[string]string
}

// ErrNotIntentURI is the error for a string that is not an intent URI at
// all: it neither starts with "intent:" nor is a bare "#Intent;...;end".
var ErrNotIntentURI = errors.New("not an intent URI")

// extraTypes are the type letters of an extra's name ("S.key"):
// String, Boolean, byte, char, double, float, int, long, short.
const extraTypes = "SBbcdfils"

// ParseIntentURI reads an intent URI as Intent.parseUri does: an optional
// data part after "intent:" (HMS also takes a bare "#Intent;..."), then
// name=value fields up to "end", which only empty fields may follow.
// Unknown fields are ignored. Malformed escapes, a component that is not
// pkg/class and launchFlags that are not hexadecimal are errors.
func ParseIntentURI(s string) (IntentURI, error) {
	head, fields, found := strings.Cut(s, "#Intent;")
	rest, prefixed := strings.CutPrefix(head, "intent:")
	switch {
	case !prefixed && (!found || head != ""):
		return IntentURI{}, ErrNotIntentURI
	case !found:
		return IntentURI{}, fmt.Errorf("intent URI %q: no #Intent; part", s)
	}
	var in IntentURI
	var scheme, componentPkg string
	ended := false
	for f := range strings.SplitSeq(fields, ";") {
		if ended {
			if f != "" {
				return IntentURI{}, fmt.Errorf("intent URI %q: text after end", s)
			}
			continue
		}
		if f == "end" {
			ended = true
			continue
		}
		name, raw, ok := strings.Cut(f, "=")
		if !ok {
			return IntentURI{}, fmt.Errorf("intent URI %q: field %q has no value", s, f)
		}
		v, err := url.PathUnescape(raw)
		if err != nil {
			return IntentURI{}, fmt.Errorf("intent URI %q: field %q: %w", s, name, err)
		}
		switch {
		case name == "action":
			in.Action = v
		case name == "category":
			in.Categories = append(in.Categories, v)
		case name == "scheme":
			scheme = v
		case name == "package":
			in.Package = v
		case name == "launchFlags":
			if _, err := parseLaunchFlags(v); err != nil {
				return IntentURI{}, fmt.Errorf("intent URI %q: launchFlags %q is not hexadecimal", s, v)
			}
			in.LaunchFlags = v
		case name == "component":
			pkg, cls, ok := strings.Cut(v, "/")
			if !ok || pkg == "" || cls == "" || pkg[0] == '.' {
				return IntentURI{}, fmt.Errorf("intent URI %q: component %q is not pkg/class", s, v)
			}
			if strings.HasPrefix(cls, ".") {
				cls = pkg + cls
			}
			componentPkg, in.Component = pkg, cls
		case len(name) > 2 && name[1] == '.' && strings.IndexByte(extraTypes, name[0]) >= 0:
			key, err := url.PathUnescape(name[2:])
			if err != nil {
				return IntentURI{}, fmt.Errorf("intent URI %q: extra %q: %w", s, name, err)
			}
			if in.Extras == nil {
				in.Extras = map[string]string{}
			}
			in.Extras[key] = v
		}
	}
	if !ended {
		return IntentURI{}, fmt.Errorf("intent URI %q: no end", s)
	}
	if rest != "" {
		if scheme != "" {
			rest = scheme + ":" + rest
		}
		in.Data = rest
	}
	if in.Package == "" {
		in.Package = componentPkg
	}
	return in, nil
}

// Flags reads LaunchFlags (0 when empty).
func (i IntentURI) Flags() (int, error) {
	if i.LaunchFlags == "" {
		return 0, nil
	}
	return parseLaunchFlags(i.LaunchFlags)
}

// parseLaunchFlags reads hexadecimal flags, with or without "0x".
func parseLaunchFlags(v string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToLower(v), "0x"), 16, 64)
	return int(n), err
}

// String writes the intent URI as Intent.toUri does: the data's scheme
// as scheme= and the rest of the data before "#Intent;", then the
// fields, the extras as string extras in name order, and "end".
func (i IntentURI) String() string {
	var b strings.Builder
	b.WriteString("intent:")
	scheme, rest := "", i.Data
	if s, r, ok := strings.Cut(i.Data, ":"); ok && isScheme(s) && r != "" {
		scheme, rest = s, r
	}
	b.WriteString(rest)
	b.WriteString("#Intent;")
	field := func(name, value string) { b.WriteString(name + "=" + uriEncode(value) + ";") }
	if scheme != "" {
		field("scheme", scheme)
	}
	if i.Action != "" {
		field("action", i.Action)
	}
	for _, c := range i.Categories {
		field("category", c)
	}
	if i.LaunchFlags != "" {
		b.WriteString("launchFlags=" + i.LaunchFlags + ";")
	}
	if i.Package != "" {
		field("package", i.Package)
	}
	if i.Component != "" {
		pkg := i.ComponentPackage
		if pkg == "" {
			pkg = i.Package
		}
		if pkg == "" || pkg[0] == '.' {
			pkg = packageOf(i.Component)
		}
		b.WriteString("component=" + uriEncode(pkg) + "/" + uriEncode(i.Component) + ";")
	}
	keys := make([]string, 0, len(i.Extras))
	for k := range i.Extras {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field("S."+uriEncode(k), i.Extras[k])
	}
	b.WriteString("end")
	return b.String()
}

// isScheme reports whether s is a URI scheme: a letter, then letters,
// digits, '+', '-' or '.'.
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// packageOf guesses an Activity's package from its class name.
func packageOf(class string) string {
	if i := strings.LastIndexByte(class, '.'); i > 0 {
		return class[:i]
	}
	return class
}

// uriEncode escapes s as android.net.Uri.encode does: everything but
// letters, digits and _-!.~'()* as UTF-8 %XX.
func uriEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_-!.~'()*", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
