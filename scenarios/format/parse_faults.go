package format

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/mockvendors"
)

const faultHint = "a rule is {name: ..., op: push, match: {token, app}, probability: 0.3, from: 5m, until: 10m} " +
	"with one of latency: {fixed | min, max | median, p99}, drop: true, error: {code | reason}, " +
	"quota: {limit, per}, down: true, ramp: {from, to, error_probability: [a, b]}"

// faultRule reads one fault rule through the same parser as pushsim
// serve's faults route, so both accept exactly the same rules.
func (p *parser) faultRule(n *yaml.Node, what string) (mockvendors.FaultRule, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			p.at(n, faultHint, "%s must be a mapping, not %s", what, kindName(n))
		}
		return mockvendors.FaultRule{}, false
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.at(n, faultHint, "%s: %v", what, err)
		return mockvendors.FaultRule{}, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		p.at(n, faultHint, "%s: %v", what, err)
		return mockvendors.FaultRule{}, false
	}
	rules, err := mockvendors.ParseFaultRules(b)
	if err != nil {
		msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "fault rule 1 "), "fault rule: ")
		p.at(n, faultHint, "%s: %s", what, msg)
		return mockvendors.FaultRule{}, false
	}
	return rules[0], true
}

// faultStep reads fault: {vendor: v, <rule>}.
func (p *parser) faultStep(n *yaml.Node, what string) (string, *mockvendors.FaultRule) {
	rule := &mockvendors.FaultRule{}
	if n == nil || n.Kind != yaml.MappingNode {
		p.at(n, "write fault: {vendor: huawei, name: hw-down, down: true}", "%s must be a mapping", what)
		return "", rule
	}
	var vendor *yaml.Node
	rest := *n
	rest.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "vendor" {
			vendor = n.Content[i+1]
			continue
		}
		rest.Content = append(rest.Content, n.Content[i], n.Content[i+1])
	}
	v := ""
	if vendor == nil {
		p.at(n, "name the vendor: fault: {vendor: huawei, ...}", "%s needs \"vendor\"", what)
	} else {
		v = p.oneOf(vendor, what+" vendor", vendorNames()...)
	}
	if r, ok := p.faultRule(&rest, what); ok {
		*rule = r
	}
	return v, rule
}

// sendStep reads a send, with its optional count and every.
func (p *parser) sendStep(n *yaml.Node, what string) (*harness.SendSpec, int, time.Duration) {
	count, every := 0, time.Duration(0)
	if n != nil && n.Kind == yaml.MappingNode {
		rest := *n
		rest.Content = nil
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch k.Value {
			case "count":
				if c, ok := p.integer(v, what+" count"); ok {
					if c < 1 || c > MaxSendCount {
						p.at(v, fmt.Sprintf("between 1 and %d", MaxSendCount), "%s count %d is out of range", what, c)
					}
					count = int(c)
				}
			case "every":
				every, _ = p.duration(v, what+" every")
			default:
				rest.Content = append(rest.Content, k, v)
			}
		}
		n = &rest
	}
	s := p.send(n, what)
	if count > 0 && s.As != "" {
		p.batches[s.As] = true
		for i := 1; i <= count; i++ {
			p.refs[fmt.Sprintf("%s-%d", s.As, i)] = true
		}
	}
	if every > 0 && count == 0 {
		p.at(n, "add count: N, or drop every:", "%s every needs a count", what)
	}
	return s, count, every
}

func (p *parser) expectDelivery(n *yaml.Node, what string) *DeliveryExpect {
	f := p.fields(n, what, "vendor", "device", "fleet", "messages", "min_rate", "p99_within")
	e := &DeliveryExpect{Within: DefaultWithin}
	if v := f["vendor"]; v != nil {
		e.Vendor = p.oneOf(v, what+" vendor", vendorNames()...)
	}
	if v := f["device"]; v != nil {
		e.Device = p.device(v, what+" device")
	}
	if v := f["fleet"]; v != nil {
		if name := p.str(v, what+" fleet"); p.fleets[name] == nil {
			p.at(v, "name a fleet from devices (its name:, else its id_prefix)", "%s: no fleet %q in devices", what, name)
		} else {
			e.Fleet = name
		}
	}
	if fl := p.fleets[e.Device]; fl != nil {
		e.Fleet, e.Device = e.Device, ""
	}
	if fl := p.fleets[e.Fleet]; fl != nil {
		e.Devices = fl.ids
	}
	if v := f["messages"]; v != nil {
		var refs []string
		if v.Kind == yaml.ScalarNode {
			refs = []string{p.str(v, what+" messages")}
		} else {
			refs = p.strings(v, what+" messages")
		}
		for _, ref := range refs {
			if !p.batches[ref] && !p.refs[ref] {
				p.at(v, "name a message or a send's as: sent before this step", "%s: no message or batch %q sent before this step", what, ref)
			}
		}
		e.Messages = refs
	}
	if v := f["min_rate"]; v != nil {
		if r, ok := p.number(v, what+" min_rate"); ok {
			if r < 0 || r > 1 {
				p.at(v, "a share: 0.9 is 90 %", "%s min_rate must be between 0 and 1", what)
			}
			e.MinRate = &r
		}
	}
	if v := f["p99_within"]; v != nil {
		if d, ok := p.duration(v, what+" p99_within"); ok {
			e.P99Within, e.Within = d, d
		}
	}
	if e.MinRate == nil && e.P99Within == 0 && n != nil && n.Kind == yaml.MappingNode {
		p.at(n, "add min_rate: 0.9 or p99_within: 10s", "%s checks nothing", what)
	}
	return e
}

func (p *parser) expectFaultFired(n *yaml.Node, what string) *FaultFiredExpect {
	f := p.fields(n, what, "vendor", "rule", "min", "max")
	p.required(n, f, what, "vendor", "rule")
	e := &FaultFiredExpect{Min: 1}
	if v := f["vendor"]; v != nil {
		e.Vendor = p.oneOf(v, what+" vendor", vendorNames()...)
	}
	e.Rule = p.str(f["rule"], what+" rule")
	if e.Vendor != "" && e.Rule != "" && !p.faults[e.Vendor+"\x00"+e.Rule] {
		p.at(f["rule"], "name a rule of vendors."+e.Vendor+".faults or of an earlier fault: step",
			"%s: %s has no fault rule %q set before this step", what, e.Vendor, e.Rule)
	}
	if v := f["min"]; v != nil {
		if m, ok := p.integer(v, what+" min"); ok {
			if m < 0 {
				p.at(v, "0 or more", "%s min is negative", what)
			}
			e.Min = int(m)
		}
	}
	if v := f["max"]; v != nil {
		if m, ok := p.integer(v, what+" max"); ok {
			if int(m) < e.Min {
				p.at(v, "at least min", "%s max %d is below min %d", what, m, e.Min)
			}
			mi := int(m)
			e.Max = &mi
		}
	}
	return e
}
