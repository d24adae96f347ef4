package xiaomi

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// IntentURI is an Android intent in the form Intent.toUri writes it
// ("intent:#Intent;component=pkg/cls;S.ext=...;end"): what extra.intent_uri
// holds for notify_effect 2. Extras are the string extras ("S." keys).
type IntentURI struct {
	Action     string
	Categories []string
	Package    string
	// Component is the full class name of the Activity (a ".Short" name
	// is resolved against Package).
	Component   string
	Data        string
	LaunchFlags string
	Extras      map[string]string
}

// ErrNotIntentURI is returned for a string that is not an intent URI.
var ErrNotIntentURI = errors.New("not an intent: URI")

// String writes the intent URI, encoding values as Android's Uri.encode
// does.
func (i IntentURI) String() string {
	var b strings.Builder
	b.WriteString("intent:")
	if i.Data != "" {
		b.WriteString(uriEncode(i.Data))
	}
	b.WriteString("#Intent;")
	if i.Action != "" {
		b.WriteString("action=" + uriEncode(i.Action) + ";")
	}
	for _, c := range i.Categories {
		b.WriteString("category=" + uriEncode(c) + ";")
	}
	if i.LaunchFlags != "" {
		b.WriteString("launchFlags=" + i.LaunchFlags + ";")
	}
	if i.Package != "" {
		b.WriteString("package=" + uriEncode(i.Package) + ";")
	}
	if i.Component != "" {
		pkg := i.Package
		if pkg == "" {
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
		b.WriteString("S." + uriEncode(k) + "=" + uriEncode(i.Extras[k]) + ";")
	}
	b.WriteString("end")
	return b.String()
}

// ParseIntentURI reads an intent URI as Intent.parseUri does: the part
// before "#Intent;" is the data, then name=value fields up to "end".
// Typed extras other than strings ("i.", "B.", ...) are kept as text.
func ParseIntentURI(s string) (IntentURI, error) {
	rest, ok := strings.CutPrefix(s, "intent:")
	if !ok {
		return IntentURI{}, ErrNotIntentURI
	}
	data, fields, ok := strings.Cut(rest, "#Intent;")
	if !ok {
		return IntentURI{}, fmt.Errorf("intent URI %q: no #Intent; part", s)
	}
	var i IntentURI
	var scheme string
	ended := false
	for _, f := range strings.Split(fields, ";") {
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
			i.Action = v
		case name == "category":
			i.Categories = append(i.Categories, v)
		case name == "package":
			i.Package = v
		case name == "component":
			i.Component = v
		case name == "scheme":
			scheme = v
		case name == "launchFlags":
			i.LaunchFlags = v
		case len(name) > 2 && name[1] == '.' && strings.ContainsRune("SBbcdfilsz", rune(name[0])):
			key, err := url.PathUnescape(name[2:])
			if err != nil {
				return IntentURI{}, fmt.Errorf("intent URI %q: extra %q: %w", s, name, err)
			}
			if i.Extras == nil {
				i.Extras = map[string]string{}
			}
			i.Extras[key] = v
		}
	}
	if !ended {
		return IntentURI{}, fmt.Errorf("intent URI %q: no end", s)
	}
	if data != "" {
		d, err := url.PathUnescape(data)
		if err != nil {
			return IntentURI{}, fmt.Errorf("intent URI %q: data: %w", s, err)
		}
		if scheme != "" {
			d = scheme + ":" + d
		}
		i.Data = d
	}
	if i.Component != "" {
		pkg, cls, ok := strings.Cut(i.Component, "/")
		if !ok || pkg == "" || cls == "" {
			return IntentURI{}, fmt.Errorf("intent URI %q: component %q is not pkg/class", s, i.Component)
		}
		if strings.HasPrefix(cls, ".") {
			cls = pkg + cls
		}
		if strings.HasPrefix(cls, ".") {
			return IntentURI{}, fmt.Errorf("intent URI %q: component class %q is not a class name", s, cls)
		}
		i.Component = cls
		if i.Package == "" {
			i.Package = pkg
		}
	}
	return i, nil
}

// packageOf guesses an Activity's package from its class name.
func packageOf(class string) string {
	if i := strings.LastIndexByte(class, '.'); i > 0 {
		return class[:i]
	}
	return class
}

// uriEncode percent-encodes everything but Uri.encode's unreserved
// characters (letters, digits and -_.!~*'()).
func uriEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
