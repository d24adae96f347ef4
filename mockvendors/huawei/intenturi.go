package huawei

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Android intent constants an intent URI uses.
const (
	ActionMain       = "android.intent.action.MAIN"
	ActionView       = "android.intent.action.VIEW"
	CategoryLauncher = "android.intent.category.LAUNCHER"
	// FlagActivityClearTop is what the vendors' guides tell apps to put on
	// notification intents (launchFlags=0x4000000).
	FlagActivityClearTop = 0x04000000
	// PushScheme is the data scheme HMS's samples give notification deep
	// links ("pushscheme://<package>/...").
	PushScheme = "pushscheme"
)

// Intent is an Android intent as the app writes it with
// Intent.toUri(Intent.URI_INTENT_SCHEME) for click_action.intent:
// "intent://host/path?query#Intent;scheme=...;action=...;
// category=...;launchFlags=0x...;package=...;component=pkg/cls;
// S.key=value;end".
type Intent struct {
	Action     string
	Categories []string
	// Data is the data URI ("pushscheme://com.example.chat/detail?ext=...").
	Data    string
	Package string
	// Component is the target Activity's full class name (in Package).
	Component string
	Flags     int
	// Extras are the intent's extras; typed extras (i., B., l., ...) keep
	// their text.
	Extras map[string]string
}

// LauncherIntent is the intent that opens the app's launcher Activity,
// with extras.
func LauncherIntent(pkg string, extras map[string]string) Intent {
	return Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg, Flags: FlagActivityClearTop, Extras: extras}
}

// IsLauncher reports whether the intent opens the app's launcher Activity
// (MAIN/LAUNCHER without a component).
func (i Intent) IsLauncher() bool {
	return i.Component == "" && i.Action == ActionMain && slices.Contains(i.Categories, CategoryLauncher)
}

// URI writes the intent in Android's intent URI form.
func (i Intent) URI() string {
	var b strings.Builder
	b.WriteString("intent:")
	scheme := ""
	if i.Data != "" {
		if s, rest, ok := strings.Cut(i.Data, ":"); ok && s != "" {
			scheme = s
			b.WriteString(rest)
		}
	}
	b.WriteString("#Intent;")
	if scheme != "" {
		b.WriteString("scheme=" + uriEncode(scheme) + ";")
	}
	if i.Action != "" {
		b.WriteString("action=" + uriEncode(i.Action) + ";")
	}
	for _, c := range i.Categories {
		b.WriteString("category=" + uriEncode(c) + ";")
	}
	if i.Flags != 0 {
		b.WriteString("launchFlags=0x" + strconv.FormatInt(int64(i.Flags), 16) + ";")
	}
	if i.Package != "" {
		b.WriteString("package=" + uriEncode(i.Package) + ";")
	}
	if i.Component != "" {
		b.WriteString("component=" + uriEncode(i.Package) + "/" + uriEncode(i.Component) + ";")
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

// ParseIntentURI reads an intent URI as Intent.parseUri does. The part
// before "#Intent;" is "intent:", "intent://host/path?query" (the data,
// whose scheme comes from scheme=) or empty. An absent action stays empty
// here; Android starts such an intent with ACTION_VIEW.
func ParseIntentURI(s string) (Intent, error) {
	at := strings.Index(s, "#Intent;")
	if at < 0 {
		return Intent{}, fmt.Errorf("intent URI %q has no #Intent; part", s)
	}
	head, tail := s[:at], s[at+len("#Intent;"):]
	var in Intent
	rest := strings.TrimPrefix(head, "intent:")
	scheme := ""
	ended := false
	for _, part := range strings.Split(tail, ";") {
		if part == "end" {
			ended = true
			break
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return Intent{}, fmt.Errorf("intent URI part %q is not key=value", part)
		}
		v = uriDecode(v)
		switch {
		case k == "action":
			in.Action = v
		case k == "category":
			in.Categories = append(in.Categories, v)
		case k == "scheme":
			scheme = v
		case k == "package":
			in.Package = v
		case k == "launchFlags":
			n, err := strconv.ParseInt(strings.TrimPrefix(strings.ToLower(v), "0x"), 16, 64)
			if err != nil {
				return Intent{}, fmt.Errorf("intent URI launchFlags %q is not hexadecimal", v)
			}
			in.Flags = int(n)
		case k == "component":
			pkg, cls, ok := strings.Cut(v, "/")
			if !ok || pkg == "" || cls == "" || pkg[0] == '.' {
				return Intent{}, fmt.Errorf("intent URI component %q is not package/class", v)
			}
			if strings.HasPrefix(cls, ".") {
				cls = pkg + cls
			}
			if in.Package == "" {
				in.Package = pkg
			}
			in.Component = cls
		case len(k) > 2 && k[1] == '.' && strings.ContainsRune("SBbsilfdc", rune(k[0])):
			if in.Extras == nil {
				in.Extras = map[string]string{}
			}
			in.Extras[uriDecode(k[2:])] = v
		}
	}
	if !ended {
		return Intent{}, fmt.Errorf("intent URI %q does not end with ;end", s)
	}
	if rest != "" {
		if scheme == "" {
			scheme = "intent"
		}
		in.Data = scheme + ":" + rest
	}
	return in, nil
}

// QueryParam returns a query parameter of the intent's data URI.
func (i Intent) QueryParam(name string) string {
	u, err := url.Parse(i.Data)
	if err != nil {
		return ""
	}
	return u.Query().Get(name)
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

// uriDecode undoes %XX escapes (a '+' stays a '+'); a malformed escape
// leaves the text as it is.
func uriDecode(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}
