package huawei

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
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
	u := protocol.IntentURI{Action: i.Action, Categories: i.Categories, Data: i.Data, Package: i.Package,
		Component: i.Component, Extras: i.Extras}
	if i.Flags != 0 {
		u.LaunchFlags = "0x" + strconv.FormatInt(int64(i.Flags), 16)
	}
	return u.String()
}

// ParseIntentURI reads an intent URI as Intent.parseUri does (see
// protocol.ParseIntentURI); HMS also takes a bare "#Intent;...;end". An
// absent action stays empty here; Android starts such an intent with
// ACTION_VIEW.
func ParseIntentURI(s string) (Intent, error) {
	u, err := protocol.ParseIntentURI(s)
	if err != nil {
		return Intent{}, err
	}
	flags, err := u.Flags()
	if err != nil {
		return Intent{}, err
	}
	return Intent{Action: u.Action, Categories: u.Categories, Data: u.Data, Package: u.Package, Component: u.Component,
		Flags: flags, Extras: u.Extras}, nil
}

// QueryParam returns a query parameter of the intent's data URI.
func (i Intent) QueryParam(name string) string {
	u, err := url.Parse(i.Data)
	if err != nil {
		return ""
	}
	return u.Query().Get(name)
}
