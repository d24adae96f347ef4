package catalogen

import "fmt"

// vendorLimit is one vendor's frequency limit as a catalog scenario trips
// it: n pushes arrive, the next one is answered with the vendor's code.
type vendorLimit struct {
	vendor string
	name   string // the limit's name in vendors.<vendor>.limits
	set    string // the limits setting; "" keeps the documented number
	n      int
	code   string // the vendor's answer, for the title
	reason string
	push   string // the push block; "" is the vendor's IM push
	// instant is set for per-second limits: the n+1 pushes go out in one
	// burst, as waiting for the first n to arrive would open a new window.
	instant bool
}

var vendorLimits = []vendorLimit{
	{vendor: "meizu", name: "folding", n: 5, code: "520 (folded)", reason: "vendor_folded"},
	{vendor: "xiaomi", name: "app_daily", set: "{app_daily: 3}", n: 3, code: "200002", reason: "vendor_quota_exceeded"},
	{vendor: "huawei", name: "rate", set: "{rate: 3}", n: 3, code: "HTTP 503 flow control", reason: "vendor_rate_limited", instant: true},
	{vendor: "honor", name: "rate", set: "{rate: 3}", n: 3, code: "HTTP 503 flow control", reason: "vendor_rate_limited", instant: true},
	{vendor: "oppo", name: "public_device_daily", n: 5, code: "held back", reason: "vendor_quota_exceeded",
		push: `push: {title: Bob, desc: "hi there", ext: '{"conv":"c2c_bob"}', android: {oppo_channel_id: im_channel, oppo_category: NEWS}}`},
	{vendor: "vivo", name: "system_daily", set: "{system_daily: 3}", n: 3, code: "10073", reason: "vendor_quota_exceeded"},
	{vendor: "fcm", name: "device_minute", n: 240, code: "429 QUOTA_EXCEEDED", reason: "vendor_rate_limited"},
	{vendor: "apns", name: "device", set: "{device: 3}", n: 3, code: "429 TooManyRequests", reason: "vendor_rate_limited"},
}

// limitSpecials are two scenarios per vendor limit: it trips at n+1 with
// the vendor's code, and with limits: off the same n+1 pushes arrive.
func limitSpecials() []special {
	var out []special
	for _, l := range vendorLimits {
		push := l.push
		if push == "" {
			push = `{{template "push" .}}`
		}
		limits := "\n    limits: default"
		if l.set != "" {
			limits = "\n    limits: " + l.set
		}
		number := "its documented number"
		if l.set != "" {
			number = fmt.Sprintf("a limit of %d", l.n)
		}
		head := `labels: [vendor:{{.V.Name}}, limits]
im:
  certificates:
{{template "cert" .}}
`
		tail := `devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady
		trip := `  - send: {from: bob, to: alice, text: hi, as: burst, count: %[3]d, %[8]s}
  - expect_delivery: {messages: burst, min_rate: 1, p99_within: 10s}
  - send: {from: bob, to: alice, text: one too many, as: over, %[8]s}
  - expect_no_notification: {device: alice-phone, message: over, for: 1m, reason: %[6]s}
`
		if l.instant {
			trip = `  - send: {from: bob, to: alice, text: hi, as: burst, count: %[4]d, %[8]s}
  - expect_no_notification: {device: alice-phone, message: burst-%[4]d, for: 1m, reason: %[6]s}
  - expect_notification: {device: alice-phone, message: burst-%[3]d, within: 10s}
`
		}
		out = append(out, special{name: "limit_" + l.name + "_trips", only: l.vendor, tmpl: fmt.Sprintf(`name: "{{.V.Title}} limit %[1]s at %[2]s: %[3]d pushes arrive, push %[4]d is answered %[5]s (%[6]s)"
`+head+`vendors:
  {{.V.Name}}:%[7]s
`+tail+trip, l.name, number, l.n, l.n+1, l.code, l.reason, limits, push)},
			special{name: "limit_" + l.name + "_off", only: l.vendor, tmpl: fmt.Sprintf(`name: "{{.V.Title}} with limits: off: all %[2]d pushes of a burst arrive, none is refused by %[1]s"
`+head+`vendors:
  {{.V.Name}}:
    limits: off
`+tail+`  - send: {from: bob, to: alice, text: hi, as: burst, count: %[2]d, %[3]s}
  - expect_delivery: {messages: burst, min_rate: 1, p99_within: 10s}
`, l.name, l.n+1, push)})
	}
	return out
}

func init() { specials = append(specials, limitSpecials()...) }
