package catalogen

// linkHead is a link scenario's certificate, device (with an optional
// devices[].link block) and users.
const linkHead = `im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
`

// afterHeartbeat puts the run just after an IM heartbeat (every 2 minutes),
// so the heartbeat timeout is 400 s from a known moment.
const afterHeartbeat = `{{template "ready" .}}
  - wait: 1m1s                     # just after a heartbeat (they go every 2 minutes)
`

// linkSpecials are the device link conditions for every vendor: the IM
// socket cut silently and hard, the vendor channel slow, and the vendor
// channel flapping on a fixed and on a jittered seeded schedule.
var linkSpecials = []special{
	{name: "link_im_silent_partition", tmpl: `name: "{{.V.Title}}, IM socket silently partitioned (no FIN): the IM keeps alice online until its 400 s heartbeat timeout, then a message goes offline push over the vendor channel, which still works"
labels: [vendor:{{.V.Name}}, link]
` + linkHead + `users: [bob]
steps:
` + afterHeartbeat + `  - link: {device: alice-phone, channel: im, partition: silent}
  - wait: 6m                       # no FIN reached the IM: it has not noticed
  - expect_state: {device: alice-phone, im: online}
  - wait: 1m                       # 400 s after the last heartbeat: PushOnline
  - expect_state: {device: alice-phone, im: push_online}
` + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 60s}
`},
	{name: "link_im_hard_cut", tmpl: `name: "{{.V.Title}}, IM socket cut hard (FIN): the IM sees alice offline at once and the next message goes offline push over the vendor channel"
labels: [vendor:{{.V.Name}}, link]
` + linkHead + `users: [bob]
steps:
` + afterHeartbeat + `  - link: {device: alice-phone, channel: im, partition: hard}
  - expect_state: {device: alice-phone, im: push_online}
` + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 60s}
`},
	{name: "link_vendor_latency", tmpl: `name: "{{.V.Title}}, vendor channel with 20 s latency: an offline push reaches the tray only after the latency, the IM socket is unaffected"
labels: [vendor:{{.V.Name}}, link]
` + linkHead + `users: [bob]
steps:
` + afterHeartbeat + `  - kill: alice-phone
  - link: {device: alice-phone, channel: vendor, latency: 20s}
` + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, for: 15s}
  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 30s}
`},
	{name: "link_vendor_flapping", tmpl: `name: "{{.V.Title}}, vendor channel flapping (up 2m, down 30s on a seeded schedule): a burst spread over 10 minutes still reaches the tray, each push at most one outage late"
labels: [vendor:{{.V.Name}}, link]
` + linkHead + `    link:
      vendor: {flap: {up: 2m, down: 30s}}
users: [bob]
steps:
` + afterHeartbeat + `  - kill: alice-phone
  - send: {from: bob, to: alice, text: hi, as: burst, count: 20, every: 30s, {{template "push" .}}}
  - expect_delivery: {messages: burst, min_rate: 1, p99_within: 2m}
`},
	{name: "link_vendor_flapping_jitter", tmpl: `name: "{{.V.Title}}, vendor channel flapping with jitter (up 2m ± 20s, down 30s ± 20s, seeded): a burst spread over 10 minutes still reaches the tray, each push at most one outage late"
labels: [vendor:{{.V.Name}}, link]
` + linkHead + `    link:
      vendor: {flap: {up: 2m, down: 30s, jitter: 20s}}
users: [bob]
steps:
` + afterHeartbeat + `  - kill: alice-phone
  - send: {from: bob, to: alice, text: hi, as: burst, count: 20, every: 30s, {{template "push" .}}}
  - expect_delivery: {messages: burst, min_rate: 1, p99_within: 2m}
`},
}

func init() { specials = append(specials, linkSpecials...) }
