package runner

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/scenarios/format"
	"github.com/pushsim/pushsim/simulator"
)

// step runs one step; an error fails the scenario at this step.
func (r *run) step(st format.Step) error {
	switch st.Action {
	case format.ActLaunch:
		return r.env.Phone(st.Device).Launch()
	case format.ActLogin:
		return r.env.Phone(st.Device).Login()
	case format.ActLogout:
		return r.env.Phone(st.Device).Logout()
	case format.ActKill:
		return r.env.Phone(st.Device).Kill()
	case format.ActBackground:
		return r.env.Phone(st.Device).Background()
	case format.ActForeground:
		return r.env.Phone(st.Device).Foreground()
	case format.ActUninstall:
		return r.env.Phone(st.Device).Uninstall()
	case format.ActReinstall:
		return r.env.Phone(st.Device).Reinstall()
	case format.ActWait:
		r.env.Advance(st.Duration)
	case format.ActNetwork:
		r.env.Phone(st.Device).SetNetwork(st.NetworkUp)
	case format.ActLink:
		l := st.Link
		return r.env.Phone(st.Device).SetLink(l.Channel, l.Partition, l.Latency, l.SetLatency)
	case format.ActKick:
		return r.env.Kick(st.User)
	case format.ActCertificate:
		return r.env.AddCertificate(*st.Certificate)
	case format.ActSend:
		return r.send(st)
	case format.ActFault:
		return r.env.AddFault(st.Vendor, *st.Fault)
	case format.ActClearFaults:
		return r.env.ClearFaults(st.Vendor)
	case format.ActExpectDelivery:
		return r.expectDelivery(st)
	case format.ActExpectFaultFired:
		return r.expectFaultFired(st)
	case format.ActClick:
		return r.click(st)
	case format.ActExpectNotification:
		return r.expectNotification(st)
	case format.ActExpectNoNotification:
		return r.expectNoNotification(st)
	case format.ActExpectIntent:
		return r.expectIntent(st)
	case format.ActExpectOnlineMessage:
		return r.expectOnline(st)
	case format.ActExpectState:
		return r.expectState(st)
	case format.ActTroubleshoot:
		return r.troubleshoot(st)
	default:
		return fmt.Errorf("unknown action %q", st.Action)
	}
	return nil
}

func (r *run) message(ref string) (*harness.Message, error) {
	m, ok := r.env.Message(ref)
	if !ok {
		return nil, fmt.Errorf("message %q was not sent (its send step failed?)", ref)
	}
	return m, nil
}

func (r *run) expectNotification(st format.Step) error {
	e := st.Expect
	m, err := r.message(e.Message)
	if err != nil {
		return err
	}
	p := r.env.Phone(st.Device)
	n, err := p.AwaitNotification(m, m.SentAt.Add(e.Within))
	r.env.Settle()
	if err != nil {
		return fmt.Errorf("no notification for %s on %s within %s of sending (reason: %s)", m.Ref, st.Device, e.Within, reasonText(r.env.WhyNot(st.Device, m.Key)))
	}
	var wrong []string
	if e.Title != nil && n.Title != *e.Title {
		wrong = append(wrong, fmt.Sprintf("title %q, want %q", n.Title, *e.Title))
	}
	if e.Body != nil && n.Body != *e.Body {
		wrong = append(wrong, fmt.Sprintf("body %q, want %q", n.Body, *e.Body))
	}
	if len(wrong) > 0 {
		return fmt.Errorf("the notification for %s has %s", m.Ref, strings.Join(wrong, "; "))
	}
	return nil
}

func (r *run) expectNoNotification(st format.Step) error {
	e := st.Expect
	m, err := r.message(e.Message)
	if err != nil {
		return err
	}
	p := r.env.Phone(st.Device)
	n, err := p.AwaitNotification(m, time.Now().Add(e.For))
	r.env.Settle()
	if err == nil {
		return fmt.Errorf("%s arrived on %s (%q after %s), want no notification", m.Ref, st.Device, n.Title, n.At.Sub(m.SentAt).Round(time.Millisecond))
	}
	if e.Reason != protocol.ReasonNone {
		if got := r.env.WhyNot(st.Device, m.Key); got != e.Reason {
			return fmt.Errorf("%s did not arrive on %s, but the reason is %s, want %s", m.Ref, st.Device, reasonText(got), e.Reason)
		}
	}
	return nil
}

func (r *run) click(st format.Step) error {
	m, err := r.message(st.Expect.Message)
	if err != nil {
		return err
	}
	_, err = r.env.Phone(st.Device).Tap(m)
	return err
}

func (r *run) expectIntent(st format.Step) error {
	e := st.Expect
	t, ok := r.env.Phone(st.Device).Device().LastTap()
	if !ok {
		return errors.New("nothing was tapped on " + st.Device)
	}
	in := t.Intent
	if in == nil {
		in = &simulator.Intent{}
	}
	var wrong []string
	check := func(what, got, want string) {
		if want != "" && got != want {
			wrong = append(wrong, fmt.Sprintf("%s %q, want %q", what, got, want))
		}
	}
	check("action", in.Action, e.Action)
	check("component", in.Component, e.Component)
	check("url", in.Data, e.URL)
	for k, v := range e.Extras {
		got, has := in.Extras[k]
		if !has {
			wrong = append(wrong, fmt.Sprintf("no extra %s, want %q", k, v))
		} else if got != v {
			wrong = append(wrong, fmt.Sprintf("extra %s %q, want %q", k, got, v))
		}
	}
	for _, k := range e.AbsentExtras {
		if v, has := in.Extras[k]; has {
			wrong = append(wrong, fmt.Sprintf("extra %s %q, want none", k, v))
		}
	}
	if e.ReceiverContent != nil && (!t.ReceiverCalled || t.SelfDefineContent != *e.ReceiverContent) {
		wrong = append(wrong, fmt.Sprintf("receiver content %q (called: %v), want %q", t.SelfDefineContent, t.ReceiverCalled, *e.ReceiverContent))
	}
	if t.Intent == nil && (e.Action != "" || e.Component != "" || e.URL != "" || len(e.Extras) > 0) {
		return errors.New("the tap opened nothing")
	}
	if len(wrong) > 0 {
		got := "nothing"
		if t.Intent != nil {
			got = "am start " + t.Intent.String()
		}
		return fmt.Errorf("the tap opened %s: %s", got, strings.Join(wrong, "; "))
	}
	return nil
}

func (r *run) expectOnline(st format.Step) error {
	m, err := r.message(st.Expect.Message)
	if err != nil {
		return err
	}
	remaining := time.Until(m.SentAt.Add(st.Expect.Within))
	if remaining <= 0 {
		remaining = time.Millisecond
	}
	if err := r.env.Phone(st.Device).AwaitOnlineMessage(m, remaining); err != nil {
		return fmt.Errorf("%s did not reach %s online within %s (reason: %s)", m.Ref, st.Device, st.Expect.Within, reasonText(r.env.WhyNot(st.Device, m.Key)))
	}
	return nil
}

// imStates maps the scenario's state names to the IM server's.
var imStates = map[string]string{"online": "Online", "background": "Background", "push_online": "PushOnline", "offline": "Offline"}

func (r *run) expectState(st format.Step) error {
	r.env.Settle()
	state, cause := r.env.Phone(st.Device).IMState()
	if want := imStates[st.Expect.IMState]; state != want {
		return fmt.Errorf("%s is %s (%s), want %s", st.Device, state, cause, want)
	}
	return nil
}

// troubleshoot answers the seed's checklist; it fails when an answer is no.
func (r *run) troubleshoot(st format.Step) error {
	var failed []string
	for _, c := range r.env.Troubleshoot(st.Device) {
		if !c.OK {
			failed = append(failed, fmt.Sprintf("%s no: %s", c.Question, c.Evidence))
		}
	}
	if len(failed) > 0 {
		return errors.New("troubleshooting " + st.Device + ":\n  " + strings.Join(failed, "\n  "))
	}
	return nil
}

func reasonText(r protocol.Reason) string {
	if r == protocol.ReasonNone {
		return "none recorded"
	}
	return string(r)
}
