package format_test

import (
	"strings"
	"testing"

	"github.com/pushsim/pushsim/scenarios/format"
)

const faultHead = `name: f
im: {certificates: [{id: 1, vendor: xiaomi, package: p.q, app_id: "1", app_key: "2", app_secret: "3"}]}
devices: [{id: d, brand: xiaomi, user: u, app: {package: p.q, certificate: 1}}]
`

func TestFaultKeys(t *testing.T) {
	cases := []struct{ name, vendors, steps, err string }{
		{"ok", "vendors: {xiaomi: {faults: [{name: a, drop: true, probability: 0.1}]}}\n",
			"  - send: {to: u, text: hi, as: m, count: 10, every: 1s}\n  - expect_delivery: {messages: m, min_rate: 0.8, p99_within: 10s}\n  - expect_fault_fired: {vendor: xiaomi, rule: a}\n", ""},
		{"step rule", "", "  - fault: {vendor: huawei, name: hw, down: true, until: 2m}\n  - clear_faults: huawei\n  - expect_fault_fired: {vendor: huawei, rule: hw, min: 0}\n", ""},
		{"bad rule", "vendors: {xiaomi: {faults: [{name: a, drop: true, down: true}]}}\n", "  - wait: 1s\n", "exactly one"},
		{"rule twice", "vendors: {xiaomi: {faults: [{name: a, drop: true}, {name: a, down: true}]}}\n", "  - wait: 1s\n", "listed twice"},
		{"unknown rule key", "vendors: {xiaomi: {faults: [{name: a, drop: true, sometimes: 1}]}}\n", "  - wait: 1s\n", "unknown field"},
		{"fault without vendor", "", "  - fault: {name: x, down: true}\n", `needs "vendor"`},
		{"unknown vendor", "", "  - clear_faults: nokia\n", "nokia"},
		{"rule never set", "", "  - expect_fault_fired: {vendor: xiaomi, rule: ghost}\n", "no fault rule"},
		{"bad count", "", "  - send: {to: u, text: hi, count: 0}\n", "out of range"},
		{"every without count", "", "  - send: {to: u, text: hi, every: 1s}\n", "needs a count"},
		{"rate out of range", "", "  - send: {to: u, text: hi, as: m}\n  - expect_delivery: {min_rate: 2}\n", "between 0 and 1"},
		{"checks nothing", "", "  - expect_delivery: {vendor: xiaomi}\n", "checks nothing"},
		{"unknown batch", "", "  - expect_delivery: {messages: zz, min_rate: 1}\n", "no message or batch"},
		{"max below min", "vendors: {xiaomi: {faults: [{name: a, drop: true}]}}\n", "  - expect_fault_fired: {vendor: xiaomi, rule: a, min: 3, max: 1}\n", "below min"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := format.Parse("f.yaml", []byte(faultHead+c.vendors+"steps:\n"+c.steps))
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Fatalf("error %v, want one containing %q", err, c.err)
			}
		})
	}
}
