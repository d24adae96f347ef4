package runner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/scenarios/format"
	"github.com/pushsim/pushsim/trace"
)

// send sends one message, or Count of them: a burst at one simulated
// moment, or one every Every. Message i of a batch is named <as>-<i>.
func (r *run) send(st format.Step) error {
	if st.Recipients != nil {
		return r.sendFleet(st)
	}
	if st.Count == 0 {
		return r.sendOne(*st.Send)
	}
	for i := 1; i <= st.Count; i++ {
		if i > 1 && st.Every > 0 {
			r.env.Advance(st.Every)
		}
		spec := *st.Send
		if spec.As != "" {
			spec.As = fmt.Sprintf("%s-%d", st.Send.As, i)
			r.batches[st.Send.As] = append(r.batches[st.Send.As], spec.As)
		}
		if err := r.sendOne(spec); err != nil {
			return fmt.Errorf("message %d of %d: %w", i, st.Count, err)
		}
	}
	return nil
}

// sendFleet sends one message to each user of a fleet, in fleet order;
// message i is named <as>-<i>.
func (r *run) sendFleet(st format.Step) error {
	for i, user := range st.Recipients {
		spec := *st.Send
		spec.To = user
		if spec.As != "" {
			spec.As = fmt.Sprintf("%s-%d", st.Send.As, i+1)
			r.batches[st.Send.As] = append(r.batches[st.Send.As], spec.As)
		}
		if err := r.sendOne(spec); err != nil {
			return fmt.Errorf("message to %s (%d of %d): %w", user, i+1, len(st.Recipients), err)
		}
	}
	return nil
}

// sendOne sends one message and records its recipient's device states at
// send time (for the reports' delivery matrix).
func (r *run) sendOne(spec harness.SendSpec) error {
	states := r.recipientStates(spec.To)
	m, err := r.env.Send(spec)
	if err == nil {
		r.sentStates[m.Key] = states
	}
	return err
}

// deliveryStats is expect_delivery's count over the matching messages.
type deliveryStats struct {
	sent, notified int
	p99            time.Duration
}

// Rate is the share of messages notified.
func (d deliveryStats) Rate() float64 {
	if d.sent == 0 {
		return 0
	}
	return float64(d.notified) / float64(d.sent)
}

// delivery counts the messages sent so far that match e (every message
// on every device of its recipient), after waiting until e.Within past
// the last matching send.
func (r *run) delivery(e *format.DeliveryExpect) deliveryStats {
	refs := map[string]bool{}
	for _, ref := range e.Messages {
		refs[ref] = true
		for _, b := range r.batches[ref] {
			refs[b] = true
		}
	}
	var last time.Time
	for _, m := range r.env.Messages() {
		if (len(refs) == 0 || refs[m.Ref]) && m.SentAt.After(last) {
			last = m.SentAt
		}
	}
	if wait := time.Until(last.Add(e.Within)); wait > 0 {
		r.env.Advance(wait)
	}
	r.env.Settle()
	// One pass over the trace, not a verdict per message: a notification
	// is a device.notify event of the message on the device.
	notified := map[[2]string]time.Time{}
	for _, ev := range r.env.Trace().Events() {
		if ev.Kind == trace.DeviceNotify && ev.Msg != "" {
			k := [2]string{ev.Msg, ev.Device}
			if _, seen := notified[k]; !seen {
				notified[k] = ev.At
			}
		}
	}
	type dev struct{ id, vendor string }
	byUser := map[string][]dev{}
	for _, id := range r.env.DeviceIDs() {
		info := r.env.Phone(id).Device().Config()
		byUser[info.User] = append(byUser[info.User], dev{id, string(info.Brand.Vendor())})
	}
	inFleet := map[string]bool{}
	for _, id := range e.Devices {
		inFleet[id] = true
	}
	var d deliveryStats
	var lat []time.Duration
	for _, m := range r.env.Messages() {
		if len(refs) > 0 && !refs[m.Ref] {
			continue
		}
		for _, dv := range byUser[m.To] {
			if (e.Vendor != "" && dv.vendor != e.Vendor) || (e.Device != "" && dv.id != e.Device) || (e.Devices != nil && !inFleet[dv.id]) {
				continue
			}
			d.sent++
			if at, ok := notified[[2]string{m.Key, dv.id}]; ok {
				d.notified++
				lat = append(lat, at.Sub(m.SentAt))
			}
		}
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		d.p99 = lat[(len(lat)*99+99)/100-1]
	}
	return d
}

func (r *run) expectDelivery(st format.Step) error {
	e := st.Delivery
	d := r.delivery(e)
	if d.sent == 0 {
		return fmt.Errorf("no message sent so far matches (%s)", deliveryScope(e))
	}
	var wrong []string
	if e.MinRate != nil && d.Rate() < *e.MinRate {
		wrong = append(wrong, fmt.Sprintf("%d of %d notified (%.1f %%), want at least %.1f %%", d.notified, d.sent, 100*d.Rate(), 100**e.MinRate))
	}
	if e.P99Within > 0 && d.p99 > e.P99Within {
		wrong = append(wrong, fmt.Sprintf("latency p99 %s, want within %s", d.p99, e.P99Within))
	}
	if len(wrong) > 0 {
		return fmt.Errorf("delivery (%s): %s", deliveryScope(e), strings.Join(wrong, "; "))
	}
	return nil
}

func deliveryScope(e *format.DeliveryExpect) string {
	var parts []string
	if e.Vendor != "" {
		parts = append(parts, "vendor "+e.Vendor)
	}
	if e.Device != "" {
		parts = append(parts, "device "+e.Device)
	}
	if e.Fleet != "" {
		parts = append(parts, "fleet "+e.Fleet)
	}
	if len(e.Messages) > 0 {
		parts = append(parts, "messages "+strings.Join(e.Messages, ", "))
	}
	if len(parts) == 0 {
		return "every message"
	}
	return strings.Join(parts, ", ")
}

func (r *run) expectFaultFired(st format.Step) error {
	e := st.FaultFired
	r.env.Settle()
	fired := 0
	for _, f := range r.env.FaultCoverage() {
		if f.Vendor == e.Vendor && f.Rule == e.Rule {
			fired = f.Fired
		}
	}
	switch {
	case fired < e.Min:
		return fmt.Errorf("fault %s/%s fired %d times, want at least %d", e.Vendor, e.Rule, fired, e.Min)
	case e.Max != nil && fired > *e.Max:
		return fmt.Errorf("fault %s/%s fired %d times, want at most %d", e.Vendor, e.Rule, fired, *e.Max)
	}
	return nil
}
