package format

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/fleet"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// fleetOf is a fleet declared in devices: its phones' IDs and users, in
// fleet order.
type fleetOf struct {
	ids, users []string
}

// fleetEntry reads a device entry with a fleet: block and adds its phones
// to the devices. The layout (which phone has which brand) comes from the
// fleet's seed, else the file's seed, else 0: the file alone fixes it, so
// a step may name one phone of the fleet.
func (p *parser) fleetEntry(item *yaml.Node) {
	f := p.fields(item, "fleet device", "fleet", "rom", "android", "app")
	p.required(item, f, "a fleet device", "fleet", "app")
	what := "fleet"
	ff := p.fields(f["fleet"], what, "name", "count", "brands", "user_prefix", "id_prefix", "seed")
	if f["fleet"] != nil {
		p.required(f["fleet"], ff, "a fleet", "count", "brands", "user_prefix", "id_prefix")
	}
	spec := fleet.Spec{IDPrefix: p.str(ff["id_prefix"], "fleet id_prefix"), UserPrefix: p.str(ff["user_prefix"], "fleet user_prefix"), Seed: p.sc.Env.Seed}
	name := p.str(ff["name"], "fleet name")
	if name == "" {
		name = spec.IDPrefix
	}
	before := len(p.found)
	if v := ff["count"]; v != nil {
		if c, ok := p.integer(v, "fleet count"); ok {
			if c < 1 || c > fleet.MaxCount {
				p.at(v, fmt.Sprintf("between 1 and %d", fleet.MaxCount), "fleet count %d is out of range", c)
			}
			spec.Count = int(c)
		}
	}
	if v := ff["seed"]; v != nil {
		spec.Seed, _ = p.uinteger(v, "fleet seed")
	}
	spec.Brands = p.fleetBrands(ff["brands"])
	rom, android, app := p.deviceBody(f)
	if len(p.found) != before || f["fleet"] == nil {
		return
	}
	if err := spec.Validate(); err != nil {
		p.at(f["fleet"], "", "%v", err)
		return
	}
	if p.claimID(ff["name"], f["fleet"], name, "fleet") {
		return
	}
	certs := p.fleetCertificates(spec, app, ff["brands"])
	if certs == nil {
		return
	}
	fl := &fleetOf{}
	for _, ph := range spec.Phones() {
		a := app
		a.Certificate = certs[ph.Brand]
		d := harness.DeviceConfig{ID: ph.ID, Brand: string(ph.Brand), User: ph.User, ROM: rom, Android: android, App: a}
		if p.claimID(f["fleet"], f["fleet"], ph.ID, "device") {
			return
		}
		p.devices[d.ID] = d
		p.sc.Env.Devices = append(p.sc.Env.Devices, d)
		fl.ids = append(fl.ids, ph.ID)
		fl.users = append(fl.users, ph.User)
	}
	p.fleets[name] = fl
}

// claimID records a device or fleet name, refusing one already taken.
func (p *parser) claimID(at, fallback *yaml.Node, id, kind string) bool {
	_, dev := p.devices[id]
	_, fl := p.fleets[id]
	if !dev && !fl {
		return false
	}
	if at == nil {
		at = fallback
	}
	p.at(at, "device IDs and fleet names share one namespace: give each its own", "%s %q: the name is already a device or fleet", kind, id)
	return true
}

// fleetBrands reads brands: {meizu: 0.2, xiaomi: 0.8}, in file order.
func (p *parser) fleetBrands(n *yaml.Node) []fleet.Share {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.at(n, "write brands: {meizu: 0.2, xiaomi: 0.8}", "fleet brands must be a mapping of brand to share, not %s", kindName(n))
		return nil
	}
	var out []fleet.Share
	sum := 0.0
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		b := p.oneOf(k, "fleet brand", brandNames()...)
		w, ok := p.number(v, "fleet brand "+k.Value)
		if !ok || b == "" {
			continue
		}
		if w < 0 || w > 1 {
			p.at(v, "a share: 0.2 is 20 % of the phones", "fleet brand %s share %v must be between 0 and 1", b, w)
		}
		for _, s := range out {
			if string(s.Brand) == b {
				p.at(k, "", "fleet brand %s is listed twice", b)
			}
		}
		sum += w
		out = append(out, fleet.Share{Brand: protocol.Brand(b), Weight: w})
	}
	if len(out) == 0 && len(n.Content) == 0 {
		p.at(n, "add at least one brand, e.g. {meizu: 1}", "fleet brands is empty")
	}
	if len(out) > 0 && (sum < 1-1e-6 || sum > 1+1e-6) {
		p.at(n, "the shares are fractions of the fleet and must add up to 1", "fleet brand shares sum to %v, want 1", sum)
	}
	return out
}

// fleetCertificates picks each brand's certificate: the app's when it
// names one, else the certificate of the brand's vendor (preferring one
// for the app's package). A brand with no such certificate is refused.
func (p *parser) fleetCertificates(spec fleet.Spec, app harness.AppConfig, at *yaml.Node) map[protocol.Brand]int64 {
	out := map[protocol.Brand]int64{}
	ok := true
	for _, s := range spec.Brands {
		if app.Certificate != 0 {
			out[s.Brand] = app.Certificate
			continue
		}
		var pick int64
		for _, c := range p.sc.Env.IM.Certificates {
			if c.Vendor != string(s.Brand.Vendor()) {
				continue
			}
			if pick == 0 || (c.Package == app.Package && c.Package != "") {
				pick = c.ID
				if c.Package == app.Package {
					break
				}
			}
		}
		if pick == 0 {
			p.at(at, fmt.Sprintf("add a %s certificate to im.certificates, or set the fleet's app.certificate", s.Brand.Vendor()),
				"fleet brand %s: no %s certificate for its phones", s.Brand, s.Brand.Vendor())
			ok = false
		}
		out[s.Brand] = pick
	}
	if !ok {
		return nil
	}
	return out
}

// members returns the devices a step's device names: a fleet's phones,
// or the device itself.
func (p *parser) members(id string) []string {
	if fl, ok := p.fleets[id]; ok {
		return fl.ids
	}
	return []string{id}
}

// expandFleetStep turns a step that names a fleet into one step per phone,
// in fleet order. A message ref that names a send to the fleet becomes
// that phone's message of the batch.
func (p *parser) expandFleetStep(st Step) []Step {
	fl, ok := p.fleets[st.Device]
	if !ok || st.Action == ActExpectDelivery {
		return []Step{st}
	}
	out := make([]Step, 0, len(fl.ids))
	for i, id := range fl.ids {
		s := st
		s.Device = id
		if st.Expect != nil {
			e := *st.Expect
			if p.fleetBatches[e.Message] == st.Device {
				e.Message = fmt.Sprintf("%s-%d", e.Message, i+1)
			}
			s.Expect = &e
		}
		out = append(out, s)
	}
	return out
}

// fleetBatchRef refuses a fleet send's batch name on a step that does not
// act on that fleet.
func (p *parser) fleetBatchRef(st Step, at *yaml.Node) {
	if st.Expect == nil {
		return
	}
	if fl := p.fleetBatches[st.Expect.Message]; fl != "" && st.Device != fl {
		p.at(at, fmt.Sprintf("name one phone's message, %s-<i>, or check the whole fleet %s", st.Expect.Message, fl),
			"step %d: %q names the messages sent to fleet %s", st.Index, st.Expect.Message, fl)
	}
}

// fleetSend returns the users of a send to a fleet (nil for a send to a
// user) and names its messages <as>-1 ... <as>-N, with <as> the batch.
func (p *parser) fleetSend(st Step, n *yaml.Node, what string) []string {
	fl, ok := p.fleets[st.Send.To]
	if !ok {
		return nil
	}
	if st.Count > 0 {
		p.at(n, "a send to a fleet sends one message to each phone's user; drop count:", "%s: count with a fleet", what)
		return nil
	}
	if as := st.Send.As; as != "" {
		delete(p.refs, as)
		p.batches[as] = true
		p.fleetBatches[as] = st.Send.To
		for i := range fl.users {
			p.refs[fmt.Sprintf("%s-%d", as, i+1)] = true
		}
	}
	return fl.users
}
