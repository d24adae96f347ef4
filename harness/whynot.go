package harness

import (
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Verdict is what became of one message on one device, computed from the
// trace.
type Verdict struct {
	// Outcome is "notified", "online" or "not_delivered" (results.json).
	Outcome string
	// Reason is set when Outcome is not "notified".
	Reason protocol.Reason
	// Chain is the message's events on this device, in order: the path
	// that led to the outcome.
	Chain []trace.Event
	// InFlight is set while the push is under way: the IM server pushed
	// it, no step along the path failed, and the tray does not show it
	// yet. Outcome is then "not_delivered" and Reason is empty, or
	// device_network_down while the phone is offline.
	InFlight bool
}

// Outcomes of a message on a device.
const (
	OutcomeNotified     = "notified"
	OutcomeOnline       = "online"
	OutcomeNotDelivered = "not_delivered"
)

// deviceCauses are the device-side token failures that explain a missing
// token better than no_token.
var deviceCauses = map[protocol.Reason]bool{
	protocol.ReasonReceiverStripped:   true,
	protocol.ReasonPermissionMissing:  true,
	protocol.ReasonWrongBrand:         true,
	protocol.ReasonRegistrationFailed: true,
}

// WhyNot returns the reason message msgKey did not become a notification
// on the device, or protocol.ReasonNone if it did (or its fate is not
// decided yet).
func (e *Env) WhyNot(deviceID, msgKey string) protocol.Reason {
	return e.Verdict(deviceID, msgKey).Reason
}

// Verdict computes the outcome of message msgKey on the device from the
// trace: the earliest cause along IM → vendor → device.
func (e *Env) Verdict(deviceID, msgKey string) Verdict {
	events := e.trace.ForMessage(msgKey)
	var v Verdict
	var routed, pushed, online bool
	for _, ev := range events {
		if ev.Msg != msgKey || (ev.Device != "" && ev.Device != deviceID) {
			continue
		}
		v.Chain = append(v.Chain, ev)
		switch ev.Kind {
		case trace.DeviceNotify:
			v.Outcome, v.Reason = OutcomeNotified, protocol.ReasonNone
			return v
		case trace.IMRoute:
			if ev.Device != deviceID && ev.Device != "" {
				continue
			}
			routed = true
			if ev.Reason != protocol.ReasonNone && v.Reason == protocol.ReasonNone {
				v.Reason = ev.Reason
			}
			if ev.Reason == protocol.ReasonNone {
				pushed = true
			}
		case trace.IMOnline, trace.DeviceMessage:
			online = true
		case trace.VendorResult, trace.VendorDrop, trace.DeviceDrop:
			if ev.Reason != protocol.ReasonNone && v.Reason == protocol.ReasonNone {
				v.Reason = ev.Reason
			}
		}
	}
	if v.Reason == protocol.ReasonNoToken {
		if r := e.deviceTokenCause(e.trace.ForDevice(deviceID), deviceID); r != protocol.ReasonNone {
			v.Reason = r
		}
	}
	switch {
	case v.Reason == protocol.ReasonDeliveredOnline || (online && v.Reason == protocol.ReasonNone && !pushed):
		v.Outcome, v.Reason = OutcomeOnline, protocol.ReasonDeliveredOnline
	case v.Reason != protocol.ReasonNone:
		v.Outcome = OutcomeNotDelivered
	case pushed:
		// Accepted by the vendor but not shown yet.
		v.Outcome, v.InFlight = OutcomeNotDelivered, true
		if d, ok := e.device(deviceID); ok && !d.NetworkUp() {
			v.Reason = protocol.ReasonDeviceNetworkDown
		}
	case !routed:
		v.Outcome = OutcomeNotDelivered
	}
	return v
}

// deviceTokenCause is the latest device-side reason the device has no
// reported token.
func (e *Env) deviceTokenCause(events []trace.Event, deviceID string) protocol.Reason {
	cause := protocol.ReasonNone
	for _, ev := range events {
		if ev.Device == deviceID && ev.Kind == trace.DeviceToken && deviceCauses[ev.Reason] {
			cause = ev.Reason
		}
	}
	return cause
}

// Path is the whole path of message msgKey to the device, in trace order:
// the verdict's chain (IM → vendor → device) and, once shown, the taps on
// that notification and the intents they opened.
func (e *Env) Path(deviceID, msgKey string) []trace.Event {
	v := e.Verdict(deviceID, msgKey)
	path := v.Chain
	if v.Outcome != OutcomeNotified || len(path) == 0 {
		return path
	}
	shown := path[len(path)-1]
	if shown.VendorMsgID == "" {
		return path
	}
	for _, ev := range e.trace.ForMessage(msgKey) {
		if ev.Device == deviceID && ev.VendorMsgID == shown.VendorMsgID && ev.At.Compare(shown.At) >= 0 &&
			(ev.Kind == trace.DeviceClick || ev.Kind == trace.DeviceIntent) {
			path = append(path, ev)
		}
	}
	return path
}
