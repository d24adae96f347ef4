package format

import "go.yaml.in/yaml/v3"

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
