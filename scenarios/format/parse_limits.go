package format

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// limits reads vendors.<vendor>.limits: default, off, or a mapping of the
// vendor's limit names to off, on or a positive number.
func (p *parser) limits(n *yaml.Node, vendor string) mockvendors.Limits {
	what := "vendors." + vendor + ".limits"
	if n.Kind == yaml.ScalarNode {
		return mockvendors.Limits{Off: p.oneOf(n, what, "default", "off") == "off"}
	}
	v := protocol.Vendor(vendor)
	specs := mockvendors.VendorLimits[v]
	f := p.fields(n, what+" (a mapping of limit names)", mockvendors.LimitNames(v)...)
	l := mockvendors.Limits{Set: map[string]mockvendors.LimitSetting{}}
	for _, s := range specs {
		val := f[s.Name]
		if val == nil || !p.scalar(val, what+"."+s.Name) {
			continue
		}
		switch val.Value {
		case "off":
			l.Set[s.Name] = mockvendors.LimitSetting{Off: true}
		case "on":
			if s.Default == 0 {
				p.at(val, "give the number to enforce, e.g. "+s.Name+": 100", "%s.%s: %s publishes no number for this limit", what, s.Name, vendor)
			}
			l.Set[s.Name] = mockvendors.LimitSetting{}
		default:
			k, err := strconv.Atoi(val.Value)
			if err != nil || k < 1 {
				p.at(val, "write off, on or a whole number of at least 1", "%s.%s must be off, on or a positive number, not %q", what, s.Name, val.Value)
				continue
			}
			l.Set[s.Name] = mockvendors.LimitSetting{N: k}
		}
	}
	return l
}
