package catalogen

// faultSpecials are the fault-class scenarios, as a QA engineer writes
// them: what goes wrong at the vendor, and what the user sees.
var faultSpecials = []special{
	{name: "vendor_down_for_2_minutes", tmpl: `name: "{{.V.Title}} down for 2 minutes: pushes in that window are vendor_unavailable, later ones arrive"
labels: [vendor:{{.V.Name}}, faults]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - fault: {vendor: {{.V.Name}}, name: {{.V.Name}}-down, down: true, until: 2m}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 1m, reason: vendor_unavailable}
  - wait: 1m
  - send: {from: bob, to: alice, text: back, as: m2, {{template "push" .}}}
  - expect_notification: {device: alice-phone, message: m2, within: 60s}
  - expect_fault_fired: {vendor: {{.V.Name}}, rule: {{.V.Name}}-down, min: 1}
`},
	{name: "vendor_rate_limits_with_its_own_code", tmpl: `name: "{{.V.Title}} throttles: the push is refused with the vendor's own rate-limit code (vendor_rate_limited)"
labels: [vendor:{{.V.Name}}, faults]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - fault: {vendor: {{.V.Name}}, name: {{.V.Name}}-throttled, error: {reason: vendor_rate_limited}}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 1m, reason: vendor_rate_limited}
  - clear_faults: {{.V.Name}}
  - send: {from: bob, to: alice, text: again, as: m2, {{template "push" .}}}
  - expect_notification: {device: alice-phone, message: m2, within: 60s}
  - expect_fault_fired: {vendor: {{.V.Name}}, rule: {{.V.Name}}-throttled, min: 1}
`},
	{name: "quota_exceeded_101st_push_refused", only: "xiaomi", tmpl: `name: "Xiaomi quota exceeded: with a daily quota of 100, the 101st push of the day is refused with 200002"
labels: [vendor:xiaomi, faults]
im:
  certificates:
{{template "cert" .}}
vendors:
  xiaomi:
    faults:
      - {name: xiaomi-daily-quota, quota: {limit: 100, per: 24h}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - send: {from: bob, to: alice, text: hi, as: day, count: 100, every: 1s, {{template "push" .}}}
  - expect_delivery: {messages: day, min_rate: 1, p99_within: 10s}
  - send: {from: bob, to: alice, text: one too many, as: m101, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m101, for: 1m, reason: vendor_quota_exceeded}
  - expect_fault_fired: {vendor: xiaomi, rule: xiaomi-daily-quota, min: 1, max: 1}
`},
	{name: "drops_one_in_ten_of_a_burst", only: "oppo", tmpl: `name: "OPPO drops one push in ten: of a 200-message burst between 80 % and 95 % arrive"
labels: [vendor:oppo, faults]
im:
  certificates:
{{template "cert" .}}
vendors:
  oppo:
    faults:
      - {name: oppo-drop, drop: true, probability: 0.1}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - send: {from: bob, to: alice, text: hi, as: burst, count: 200, {{template "push" .}}}
  - expect_delivery: {vendor: oppo, min_rate: 0.8, p99_within: 10s}
  - expect_fault_fired: {vendor: oppo, rule: oppo-drop, min: 10, max: 40}
`},
	{name: "pushes_degrade_over_half_an_hour", only: "huawei", tmpl: `name: "Huawei degrades: pushes fail more and more over 30 minutes, then every one fails"
labels: [vendor:huawei, faults]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - fault: {vendor: huawei, name: huawei-ramp, ramp: {from: 0m, to: 30m, error_probability: [0, 1]}}
  - send: {from: bob, to: alice, text: early, as: early, {{template "push" .}}}
  - expect_notification: {device: alice-phone, message: early, within: 60s}
  - wait: 31m
  - send: {from: bob, to: alice, text: late, as: late, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: late, for: 1m, reason: vendor_error}
  - expect_fault_fired: {vendor: huawei, rule: huawei-ramp, min: 1}
`},
}

func init() { specials = append(specials, faultSpecials...) }
