package harness

import (
	"slices"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// MessageFate is what became of one IM message on every device it was
// routed to, as GET /_pushsim/messages/{msg_key} reports it.
type MessageFate struct {
	MsgKey  string       `json:"msg_key"`
	Devices []DeviceFate `json:"devices"`
}

// DeviceFate is the outcome of a message on one device.
type DeviceFate struct {
	Device string `json:"device"`
	// Outcome is "notified", "online", "not_delivered", or "" while the
	// push is still in flight.
	Outcome string `json:"outcome"`
	// Reason is the reason code when the outcome is not "notified"
	// (device_network_down while in flight to an offline phone).
	Reason protocol.Reason `json:"reason"`
	// LatencyMS is the time from the send to the notification (or to the
	// online delivery), in milliseconds; 0 otherwise.
	LatencyMS int64 `json:"latency_ms"`
	// Chain is the message's path to the device, from the trace.
	Chain []trace.Record `json:"chain"`
}

// Fate reports what became of the IM message msgKey (the MsgKey that
// sendmsg returned, whoever sent it) on each device it concerns, from the
// trace and through Verdict. It reports false when the trace has no event
// of the message.
func (e *Env) Fate(msgKey string) (MessageFate, bool) {
	events := e.trace.ForMessage(msgKey)
	if len(events) == 0 {
		return MessageFate{}, false
	}
	fate := MessageFate{MsgKey: msgKey, Devices: []DeviceFate{}}
	for _, id := range e.fateDevices(events) {
		v := e.Verdict(id, msgKey)
		df := DeviceFate{Device: id, Outcome: v.Outcome, Reason: v.Reason, Chain: e.trace.Records(v.Chain)}
		if v.InFlight {
			df.Outcome = ""
		}
		df.LatencyMS = latencyMS(v)
		fate.Devices = append(fate.Devices, df)
	}
	return fate, true
}

// fateDevices lists, sorted, the devices a message's events name. When the
// IM server found no login of the recipient at all, it is every device of
// that user.
func (e *Env) fateDevices(events []trace.Event) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, ev := range events {
		add(ev.Device)
		if ev.Kind == trace.IMRoute && ev.Device == "" {
			for _, d := range e.deviceList() {
				if d.Config().User == ev.Detail("user") {
					add(d.ID())
				}
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// latencyMS is the time from the send to the notification, or to the app
// receiving the message on its IM socket, in the verdict's chain.
func latencyMS(v Verdict) int64 {
	arrival := map[string]trace.Kind{OutcomeNotified: trace.DeviceNotify, OutcomeOnline: trace.DeviceMessage}[v.Outcome]
	var sent, got time.Time
	for _, ev := range v.Chain {
		switch {
		case ev.Kind == trace.IMSend && sent.IsZero():
			sent = ev.At
		case ev.Kind == arrival && got.IsZero():
			got = ev.At
		}
	}
	if sent.IsZero() || got.IsZero() {
		return 0
	}
	return got.Sub(sent).Milliseconds()
}
