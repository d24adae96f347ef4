package simulator

import (
	"maps"
	"sort"
	"strings"
)

// Android intent constants used by taps.
const (
	ActionMain       = "android.intent.action.MAIN"
	ActionView       = "android.intent.action.VIEW"
	CategoryLauncher = "android.intent.category.LAUNCHER"
	CategoryBrowser  = "android.intent.category.BROWSABLE"
)

// Intent is what a tap on a notification starts.
type Intent struct {
	Action     string            `json:"action,omitempty"`
	Categories []string          `json:"categories,omitempty"`
	Component  string            `json:"component,omitempty"` // full Activity class name
	Package    string            `json:"package,omitempty"`
	Data       string            `json:"data,omitempty"` // the URL of a VIEW intent
	Extras     map[string]string `json:"extras,omitempty"`
}

// String renders the intent like `adb shell am start` arguments.
func (i Intent) String() string {
	var b strings.Builder
	if i.Action != "" {
		b.WriteString("-a " + i.Action)
	}
	for _, c := range i.Categories {
		b.WriteString(" -c " + c)
	}
	if i.Data != "" {
		b.WriteString(" -d " + i.Data)
	}
	if i.Component != "" {
		b.WriteString(" -n " + i.Package + "/" + i.Component)
	}
	keys := make([]string, 0, len(i.Extras))
	for k := range i.Extras {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(" --es " + k + " " + i.Extras[k])
	}
	return strings.TrimSpace(b.String())
}

// Tap is the outcome of tapping a notification.
type Tap struct {
	// Notification is what was tapped.
	Notification Notification `json:"notification"`
	// Intent is what the tap started; nil when the tap opened nothing (an
	// unsupported click type).
	Intent *Intent `json:"intent,omitempty"`
	// ReceiverCalled is true when the app's vendor receiver heard
	// onNotificationClicked (false when the obfuscator stripped it).
	ReceiverCalled bool `json:"receiver_called"`
	// SelfDefineContent is what the receiver read from the pushed message
	// (MzPushMessage.getSelfDefineContentString on Meizu).
	SelfDefineContent string `json:"self_define_content,omitempty"`
}

func cloneExtras(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}
