package harness

import (
	"fmt"
	"strings"
	"time"

	"github.com/onsi/gomega/types"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// NotificationMatcher matches a *Phone that shows a message's notification
// within a window counted from the send time. Build it with
// ReceiveNotification.
type NotificationMatcher struct {
	msg    *Message
	within time.Duration
	title  *string
	body   *string

	got     simulator.Notification
	found   bool
	verdict Verdict
	phone   string
}

var _ types.GomegaMatcher = (*NotificationMatcher)(nil)

// ReceiveNotification succeeds when the phone shows message m's
// notification within one minute of sending (the seed's troubleshooting
// bound); change the window with Within. Waiting costs no real time in
// virtual time.
func ReceiveNotification(m *Message) *NotificationMatcher {
	return &NotificationMatcher{msg: m, within: time.Minute}
}

// Within sets the window, counted from the message's send time.
func (nm *NotificationMatcher) Within(d time.Duration) *NotificationMatcher {
	nm.within = d
	return nm
}

// WithTitle also requires the notification's title.
func (nm *NotificationMatcher) WithTitle(t string) *NotificationMatcher {
	nm.title = &t
	return nm
}

// WithBody also requires the notification's body.
func (nm *NotificationMatcher) WithBody(b string) *NotificationMatcher {
	nm.body = &b
	return nm
}

// Match waits for the notification.
func (nm *NotificationMatcher) Match(actual any) (bool, error) {
	p, ok := actual.(*Phone)
	if !ok {
		return false, fmt.Errorf("ReceiveNotification expects a *harness.Phone, got %T", actual)
	}
	if nm.msg == nil {
		return false, fmt.Errorf("ReceiveNotification: nil message")
	}
	nm.phone = p.ID()
	n, err := p.AwaitNotification(nm.msg, nm.msg.SentAt.Add(nm.within))
	p.env.Settle()
	nm.found = err == nil
	nm.got = n
	nm.verdict = p.env.Verdict(p.ID(), nm.msg.Key)
	if !nm.found {
		return false, nil
	}
	if nm.title != nil && n.Title != *nm.title {
		return false, nil
	}
	if nm.body != nil && n.Body != *nm.body {
		return false, nil
	}
	return true, nil
}

// FailureMessage says what arrived instead, or why nothing did.
func (nm *NotificationMatcher) FailureMessage(any) string {
	if !nm.found {
		return fmt.Sprintf("expected %s to show a notification for message %s within %s of sending; none arrived (reason: %s)\n%s",
			nm.phone, nm.msg.Ref, nm.within, reasonText(nm.verdict.Reason), FormatChain(nm.verdict.Chain))
	}
	return fmt.Sprintf("expected %s to show message %s with%s%s, got title %q body %q",
		nm.phone, nm.msg.Ref, optText(" title %q", nm.title), optText(" body %q", nm.body), nm.got.Title, nm.got.Body)
}

// NegatedFailureMessage says what arrived although it should not have.
func (nm *NotificationMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("expected %s not to show message %s within %s, but it showed %q / %q at %s",
		nm.phone, nm.msg.Ref, nm.within, nm.got.Title, nm.got.Body, nm.got.At.Sub(nm.msg.SentAt))
}

// MissMatcher matches a *Phone that shows no notification for a message
// for a while, optionally for a given reason. Build it with
// MissNotification.
type MissMatcher struct {
	msg     *Message
	wait    time.Duration
	reason  *protocol.Reason
	phone   string
	found   bool
	got     simulator.Notification
	verdict Verdict
}

var _ types.GomegaMatcher = (*MissMatcher)(nil)

// MissNotification succeeds when message m's notification does not show
// during the next For period (default 5 minutes, simulated).
func MissNotification(m *Message) *MissMatcher { return &MissMatcher{msg: m, wait: 5 * time.Minute} }

// For sets how long to watch, from now.
func (mm *MissMatcher) For(d time.Duration) *MissMatcher {
	mm.wait = d
	return mm
}

// Because also requires the reason pushsim computes from the trace.
func (mm *MissMatcher) Because(r protocol.Reason) *MissMatcher {
	mm.reason = &r
	return mm
}

// Match watches the tray for the period.
func (mm *MissMatcher) Match(actual any) (bool, error) {
	p, ok := actual.(*Phone)
	if !ok {
		return false, fmt.Errorf("MissNotification expects a *harness.Phone, got %T", actual)
	}
	mm.phone = p.ID()
	n, err := p.AwaitNotification(mm.msg, time.Now().Add(mm.wait))
	p.env.Settle()
	mm.found, mm.got = err == nil, n
	mm.verdict = p.env.Verdict(p.ID(), mm.msg.Key)
	if mm.found {
		return false, nil
	}
	return mm.reason == nil || mm.verdict.Reason == *mm.reason, nil
}

// FailureMessage says what arrived, or which reason pushsim found instead.
func (mm *MissMatcher) FailureMessage(any) string {
	if mm.found {
		return fmt.Sprintf("expected %s to show no notification for message %s, but %q arrived at %s",
			mm.phone, mm.msg.Ref, mm.got.Title, mm.got.At.Sub(mm.msg.SentAt))
	}
	return fmt.Sprintf("expected message %s to miss %s because %s, but the reason was %s\n%s",
		mm.msg.Ref, mm.phone, *mm.reason, reasonText(mm.verdict.Reason), FormatChain(mm.verdict.Chain))
}

// NegatedFailureMessage is the opposite.
func (mm *MissMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("expected message %s to reach %s", mm.msg.Ref, mm.phone)
}

// IntentOption is one expectation on an intent.
type IntentOption func(t simulator.Tap) (ok bool, want string)

// Component expects the intent's target Activity.
func Component(c string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.Intent != nil && t.Intent.Component == c, "component " + c
	}
}

// Action expects the intent's action (e.g. simulator.ActionView).
func Action(a string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.Intent != nil && t.Intent.Action == a, "action " + a
	}
}

// URL expects the intent's data URL.
func URL(u string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.Intent != nil && t.Intent.Data == u, "data " + u
	}
}

// WithExtra expects a string extra.
func WithExtra(key, value string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.Intent != nil && t.Intent.Extras[key] == value && hasKey(t.Intent.Extras, key),
			fmt.Sprintf("extra %s=%q", key, value)
	}
}

// WithoutExtra expects the extra to be absent.
func WithoutExtra(key string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.Intent == nil || !hasKey(t.Intent.Extras, key), "no extra " + key
	}
}

// ReceiverContent expects what the app's push receiver read in
// onNotificationClicked.
func ReceiverContent(s string) IntentOption {
	return func(t simulator.Tap) (bool, string) {
		return t.ReceiverCalled && t.SelfDefineContent == s, fmt.Sprintf("onNotificationClicked with %q", s)
	}
}

// NoReceiverCall expects the receiver not to hear the click.
func NoReceiverCall() IntentOption {
	return func(t simulator.Tap) (bool, string) { return !t.ReceiverCalled, "no onNotificationClicked" }
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

type intentMatcher struct {
	opts   []IntentOption
	failed []string
	got    simulator.Tap
}

// OpenIntent succeeds when a tap (a simulator.Tap) started an intent that
// meets every option.
func OpenIntent(opts ...IntentOption) types.GomegaMatcher { return &intentMatcher{opts: opts} }

func (im *intentMatcher) Match(actual any) (bool, error) {
	t, ok := actual.(simulator.Tap)
	if !ok {
		return false, fmt.Errorf("OpenIntent expects a simulator.Tap, got %T", actual)
	}
	im.got, im.failed = t, nil
	if t.Intent == nil {
		im.failed = append(im.failed, "an intent")
	}
	for _, o := range im.opts {
		if ok, want := o(t); !ok {
			im.failed = append(im.failed, want)
		}
	}
	return len(im.failed) == 0, nil
}

func (im *intentMatcher) FailureMessage(any) string {
	got := "no intent"
	if im.got.Intent != nil {
		got = "am start " + im.got.Intent.String()
	}
	return fmt.Sprintf("expected the tap to open %s\ngot: %s (receiver called: %v, content %q)",
		strings.Join(im.failed, ", "), got, im.got.ReceiverCalled, im.got.SelfDefineContent)
}

func (im *intentMatcher) NegatedFailureMessage(any) string {
	return "expected the tap not to open " + im.got.Intent.String()
}

type stateMatcher struct {
	want, got, cause string
}

// BeInIMState succeeds when the phone's IM instance is in the state
// (Online, Background, PushOnline, Offline).
func BeInIMState(state string) types.GomegaMatcher { return &stateMatcher{want: state} }

func (sm *stateMatcher) Match(actual any) (bool, error) {
	p, ok := actual.(*Phone)
	if !ok {
		return false, fmt.Errorf("BeInIMState expects a *harness.Phone, got %T", actual)
	}
	p.env.Settle()
	sm.got, sm.cause = p.IMState()
	return strings.EqualFold(sm.got, sm.want), nil
}

func (sm *stateMatcher) FailureMessage(any) string {
	return fmt.Sprintf("expected IM state %s, got %s (%s)", sm.want, sm.got, sm.cause)
}

func (sm *stateMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("expected IM state other than %s", sm.want)
}

func reasonText(r protocol.Reason) string {
	if r == protocol.ReasonNone {
		return "none recorded"
	}
	return string(r)
}

func optText(format string, v *string) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf(format, *v)
}

// FormatChain renders events one per line: elapsed time, kind, device,
// reason and details — the path a message took.
func FormatChain(events []trace.Event) string {
	if len(events) == 0 {
		return ""
	}
	return FormatChainFrom(events, events[0].At)
}

// FormatChainFrom renders events like FormatChain, each at its offset
// from origin (the start of the run, for timestamps in simulated time).
func FormatChainFrom(events []trace.Event, origin time.Time) string {
	var b strings.Builder
	for _, e := range events {
		fmt.Fprintf(&b, "  +%-8s %-15s", e.At.Sub(origin).Round(time.Millisecond), e.Kind)
		if e.Device != "" {
			fmt.Fprintf(&b, " device=%s", e.Device)
		}
		if e.Reason != "" {
			fmt.Fprintf(&b, " reason=%s", e.Reason)
		}
		for _, k := range sortedKeys(e.Details) {
			fmt.Fprintf(&b, " %s=%q", k, e.Details[k])
		}
		b.WriteByte('\n')
	}
	return b.String()
}
