package format

import (
	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
)

// linkStep reads a link step: {device, channel: im|vendor, partition:
// silent|hard|none, latency: D}, with a partition, a latency or both.
func (p *parser) linkStep(n *yaml.Node, what string) (string, *LinkStep) {
	f := p.fields(n, what, "device", "channel", "partition", "latency")
	p.required(n, f, what, "device", "channel")
	dev := p.device(f["device"], what+" device")
	ls := &LinkStep{Channel: p.oneOf(f["channel"], what+" channel", "im", "vendor")}
	if v := f["partition"]; v != nil {
		ls.Partition = p.oneOf(v, what+" partition", "silent", "hard", "none")
	}
	if v := f["latency"]; v != nil {
		ls.Latency, ls.SetLatency = p.duration(v, what+" latency")
	}
	if f["partition"] == nil && f["latency"] == nil && n != nil && n.Kind == yaml.MappingNode {
		p.at(n, "add partition: silent | hard | none, or latency: 200ms", "%s changes nothing", what)
	}
	return dev, ls
}

// deviceLink reads devices[].link: {im: {...}, vendor: {...}}, each with
// latency: D and flap: {up: D, down: D}.
func (p *parser) deviceLink(n *yaml.Node) *harness.LinkConfig {
	f := p.fields(n, "device link", "im", "vendor")
	return &harness.LinkConfig{IM: p.channelLink(f["im"], "device link.im"), Vendor: p.channelLink(f["vendor"], "device link.vendor")}
}

func (p *parser) channelLink(n *yaml.Node, what string) *harness.ChannelLinkConfig {
	if n == nil {
		return nil
	}
	f := p.fields(n, what, "latency", "flap")
	c := &harness.ChannelLinkConfig{}
	if d, ok := p.duration(f["latency"], what+".latency"); ok {
		c.Latency = harness.Duration(d)
	}
	if v := f["flap"]; v != nil {
		ff := p.fields(v, what+".flap", "up", "down", "jitter")
		p.required(v, ff, what+".flap", "up", "down")
		up, okUp := p.duration(ff["up"], what+".flap.up")
		down, okDown := p.duration(ff["down"], what+".flap.down")
		switch {
		case okUp && up <= 0:
			p.at(ff["up"], "e.g. up: 2m", "%s.flap.up must be positive", what)
		case okDown && down <= 0:
			p.at(ff["down"], "e.g. down: 30s", "%s.flap.down must be positive", what)
		}
		jitter, okJitter := p.duration(ff["jitter"], what+".flap.jitter")
		if okJitter && okUp && okDown && (jitter < 0 || jitter >= up || jitter >= down) {
			p.at(ff["jitter"], "e.g. jitter: 10s, less than up and down", "%s.flap.jitter must be at least 0 and less than up and down", what)
		}
		c.Flap = &harness.FlapConfig{Up: harness.Duration(up), Down: harness.Duration(down), Jitter: harness.Duration(jitter)}
	}
	return c
}
