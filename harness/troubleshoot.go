package harness

import (
	"fmt"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// Check is one answer of the seed's troubleshooting checklist.
type Check struct {
	// Question is the checklist item.
	Question string `json:"question"`
	// OK is the answer.
	OK bool `json:"ok"`
	// Evidence says which events (or their absence) gave the answer.
	Evidence string `json:"evidence"`
}

// Troubleshoot answers the seed's checklist for one device from the trace:
// is the certificate configured and active, was a token obtained, was it
// reported, was the app killed, and did a notification arrive within one
// minute of a message sent while it was killed.
func (e *Env) Troubleshoot(deviceID string) []Check {
	d, ok := e.device(deviceID)
	if !ok {
		return []Check{{Question: "device exists", Evidence: "no device " + deviceID}}
	}
	certID := d.Config().App.CertificateID
	events := e.trace.ForDevice(deviceID)

	var checks []Check

	// 1. Certificate configured, matching the app, and in effect.
	checks = append(checks, e.checkCertificate(d.Config(), certID))

	// 2. Token obtained, 3. token reported.
	obtained := Check{Question: "vendor token (PushId) obtained in onRegisterStatus?", Evidence: "no registration answer recorded"}
	reported := Check{Question: "certificate ID + token reported to IM after login?", Evidence: "no setOfflinePushConfig recorded"}
	for _, ev := range events {
		if ev.Device != deviceID || ev.Kind != trace.DeviceToken {
			continue
		}
		switch {
		case ev.Detail("step") == "onRegisterStatus" && ev.Reason == protocol.ReasonNone:
			obtained.OK, obtained.Evidence = true, "token "+ev.Detail("token")
		case ev.Reason != protocol.ReasonNone:
			obtained.OK, obtained.Evidence = false, string(ev.Reason)+": "+firstNonEmpty(ev.Detail("note"), ev.Detail("message"), ev.Detail("error"))
		case ev.Detail("reported") == "true":
			reported.OK, reported.Evidence = true, "certificate "+ev.Detail("certificate")+", token "+ev.Detail("token")
		case ev.Detail("step") == "setPushTokenToTIM" && !reported.OK:
			reported.Evidence = ev.Detail("note")
		}
	}
	checks = append(checks, obtained, reported)

	// 4. App killed (IM state PushOnline).
	state, cause := e.im.InstanceState(deviceID)
	killed := Check{Question: "app killed while still logged in (IM state PushOnline)?", OK: strings.EqualFold(state, "PushOnline"),
		Evidence: "IM state " + state + " " + cause}
	checks = append(checks, killed)

	// 5. Notification within one minute of a message sent while killed.
	within := Check{Question: "a message sent while killed arrives as a notification within one minute?", Evidence: "no message was sent to this device while it was push-eligible"}
	for _, m := range e.Messages() {
		v := e.Verdict(deviceID, m.Key)
		if len(v.Chain) == 0 {
			continue
		}
		if v.Outcome == OutcomeNotified {
			late := notifyDelay(v.Chain, m.SentAt)
			within.OK = late <= time.Minute
			within.Evidence = fmt.Sprintf("message %s notified after %s", m.Ref, late.Round(time.Millisecond))
		} else if v.Reason != protocol.ReasonDeliveredOnline {
			within.OK = false
			within.Evidence = fmt.Sprintf("message %s not delivered: %s", m.Ref, reasonText(v.Reason))
		}
	}
	checks = append(checks, within)
	return checks
}

// checkCertificate answers "is the certificate configured correctly": it
// exists, names the device's vendor and the app's package, and is in effect.
func (e *Env) checkCertificate(cfg simulator.Config, certID int64) Check {
	c := Check{Question: fmt.Sprintf("certificate %d configured in the IM console for this app, and in effect?", certID)}
	info, ok := e.im.Certificate(certID)
	switch {
	case !ok:
		c.Evidence = "no certificate with this ID was ever added (the app reports a wrong ID, or the console has none)"
	case info.Vendor != cfg.Brand.Vendor():
		c.Evidence = fmt.Sprintf("the certificate is for %s, the device uses %s", info.Vendor, cfg.Brand.Vendor())
	case info.Package != "" && info.Package != cfg.App.Package:
		c.Evidence = fmt.Sprintf("the certificate names package %s, the app is %s", info.Package, cfg.App.Package)
	case !info.Active:
		c.Evidence = fmt.Sprintf("saved, takes effect at +%s", info.ActiveAt.Sub(e.trace.Start()).Round(time.Second))
	default:
		c.OK = true
		c.Evidence = fmt.Sprintf("%s certificate for %s, version %d in effect since +%s", info.Vendor, info.Package,
			info.EffectiveVersion, info.ActiveAt.Sub(e.trace.Start()).Round(time.Second))
	}
	return c
}

func notifyDelay(chain []trace.Event, sent time.Time) time.Duration {
	for _, ev := range chain {
		if ev.Kind == trace.DeviceNotify {
			return ev.At.Sub(sent)
		}
	}
	return 0
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// FormatChecks renders a checklist one answer per line.
func FormatChecks(checks []Check) string {
	var b strings.Builder
	for _, c := range checks {
		mark := "no "
		if c.OK {
			mark = "yes"
		}
		fmt.Fprintf(&b, "  [%s] %s — %s\n", mark, c.Question, c.Evidence)
	}
	return b.String()
}
