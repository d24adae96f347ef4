package catalogen

// head is the start of a special file: one certificate opening the app
// and alice's phone.
const head = `labels: [vendor:{{.V.Name}}, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
`

// headWith is head with extra lines in the device's app block.
func headWith(app string) string {
	return `labels: [vendor:{{.V.Name}}, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
  - id: alice-phone
    brand: {{.V.Brand}}
{{- if .V.ROM}}
    rom: {{.V.ROM}}{{end}}
    user: alice
    app: {package: com.example.chat, certificate: 6666{{.V.App}}` + app + `}
users: [bob]
steps:
`
}

const killedReady = `{{template "ready" .}}
  - kill: alice-phone
`

const sendM1 = `  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
`

var specials = []special{
	{name: "certificate_takes_effect_within_10_minutes", tmpl: `name: "{{.V.Title}}: pushes wait for the certificate to take effect (within 10 minutes)"
` + head + `  - launch: alice-phone
  - login: alice-phone
  - kill: alice-phone
  - send: {from: bob, to: alice, text: too early, as: early{{template "bare" .}}}
  - expect_no_notification: {device: alice-phone, message: early, for: 1m, reason: certificate_inactive}
  - wait: 10m
  - send: {from: bob, to: alice, text: now, as: late{{template "bare" .}}}
  - expect_notification: {device: alice-phone, message: late, within: 60s}
`},
	{name: "certificate_missing", tmpl: `name: "{{.V.Title}}: the app reports a certificate ID the console does not have"
labels: [vendor:{{.V.Name}}, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
  - id: alice-phone
    brand: {{.V.Brand}}
{{- if .V.ROM}}
    rom: {{.V.ROM}}{{end}}
    user: alice
    app: {package: com.example.chat, certificate: 7777{{.V.App}}{{.V.AppCreds}}}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: certificate_missing}
`},
	{name: "certificate_with_wrong_secret", except: "fcm", tmpl: `name: "{{.V.Title}}: a certificate saved with a wrong secret makes the vendor refuse the push"
` + head + killedReady + `  - certificate:
      id: 6666
      vendor: {{.V.Name}}
      package: com.example.chat
      {{indent 6 .V.WrongCert}}
      activation_delay: 0s
` + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: vendor_auth_failed}
`},
	{name: "token_obtained_before_login_is_reported_at_login", tmpl: `name: "{{.V.Title}}: a token obtained before login is reported right after login"
` + head + `  - launch: alice-phone            # the token lands now: not logged in, so not reported
  - wait: 11m
  - login: alice-phone             # now it is reported
  - kill: alice-phone
` + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, within: 60s}
  - troubleshoot: alice-phone
`},
	{name: "never_logged_in_gets_nothing", tmpl: `name: "{{.V.Title}}: an app that got its token but never logged in gets no push"
` + head + `  - launch: alice-phone
  - wait: 11m
  - kill: alice-phone
` + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: logged_out}
`},
	{name: "token_arriving_after_login", tmpl: `name: "{{.V.Title}}: a token that arrives after login is reported when it lands"
` + headWith(", register_delay: 45s") + `  - launch: alice-phone
  - login: alice-phone             # no token yet: nothing to report
  - wait: 11m                      # the token lands after 45 s and is reported then
  - kill: alice-phone
` + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, within: 60s}
`},
	{name: "receiver_stripped_by_obfuscator", except: "apns", tmpl: `name: "{{.V.Title}}: the obfuscator stripped the push receiver, so the token never reaches the app"
` + headWith(", receiver_kept: false") + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: receiver_stripped}
`},
	{name: "notifications_disabled", except: "oppo", tmpl: `name: "{{.V.Title}}: the user turned the app's notifications off"
` + headWith(", notifications_enabled: false") + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: notifications_disabled}
`},
	{name: "custom_message_without_desc", tmpl: `name: "{{.V.Title}}: a custom message without desc is not pushed, with desc it is"
` + head + killedReady + `  - send: {from: bob, to: alice, custom: {data: '{"type":"call"}'}, as: silent}
  - expect_no_notification: {device: alice-phone, message: silent, for: 2m, reason: no_push_text}
  - send: {from: bob, to: alice, custom: {data: '{"type":"call"}', desc: "incoming call"}, as: described{{template "bare" .}}}
  - expect_notification: {device: alice-phone, message: described, body: "incoming call", within: 60s}
`},
	{name: "push_flag_1", tmpl: `name: "{{.V.Title}}: PushFlag 1 sends no push"
` + head + killedReady + `  - send: {from: bob, to: alice, text: quiet, as: m1, push: {flag: 1}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 2m, reason: push_disabled}
`},
	{name: "online_only_message", tmpl: `name: "{{.V.Title}}: an online-only message is never pushed"
` + head + killedReady + `  - send: {from: bob, to: alice, text: typing..., as: m1, online_only: true}
  - expect_no_notification: {device: alice-phone, message: m1, for: 2m, reason: online_only}
`},
	{name: "default_title", tmpl: `name: "{{.V.Title}}: a push without a title is titled 'a new message'"
` + head + killedReady + `  - send: {from: bob, to: alice, text: "see you at 8", as: m1{{template "bare" .}}}
  - expect_notification: {device: alice-phone, message: m1, title: "a new message", body: "see you at 8", within: 60s}
`},
	{name: "uninstall_then_reinstall_gets_a_new_token", tmpl: `name: "{{.V.Title}}: after uninstall the old token is invalid; after reinstall a new one works"
` + head + killedReady + `  - uninstall: alice-phone
` + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: vendor_token_invalid}
  - reinstall: alice-phone
  - launch: alice-phone
  - login: alice-phone
  - kill: alice-phone
  - send: {from: bob, to: alice, text: again, as: m2, {{template "push" .}}}
  - expect_notification: {device: alice-phone, message: m2, within: 60s}
`},
	{name: "vendor_drops_everything", tmpl: `name: "{{.V.Title}}: delivery is not guaranteed: a vendor that drops everything"
labels: [vendor:{{.V.Name}}, seed-doc]
im:
  certificates:
{{template "cert" .}}
vendors:
  {{.V.Name}}: {drop_rate: 1}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: vendor_dropped}
`},
	{name: "slow_vendor_delivers_late", tmpl: `name: "{{.V.Title}}: a slow vendor delivers after the one-minute check, but delivers"
labels: [vendor:{{.V.Name}}, seed-doc]
im:
  certificates:
{{template "cert" .}}
vendors:
  {{.V.Name}}: {latency: {median: 3m, p99: 4m}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, for: 1m}
  - expect_notification: {device: alice-phone, message: m1, within: 15m}
`},
	{name: "troubleshooting_checklist", tmpl: `name: "{{.V.Title}}: the troubleshooting checklist passes for a healthy device"
` + head + killedReady + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, within: 60s}
  - troubleshoot: alice-phone
`},
	{name: "notifications_off_after_install", only: "oppo", tmpl: `name: "OPPO: apps start with notifications off; nothing shows until the user turns them on"
labels: [vendor:oppo, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
  - id: alice-phone
    brand: oppo
    rom: coloros-13
    user: alice
    app: {package: com.example.chat, certificate: 6666, channels: [im_channel]}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: notifications_disabled}
`},
	{name: "missing_notification_channel", only: "oppo", tmpl: `name: "OPPO: on Android 8+ a push without the app's notification channel is not shown"
` + head + killedReady + `  - send: {from: bob, to: alice, text: hi, as: m1, push: {desc: "no channel"}}
  - expect_no_notification: {device: alice-phone, message: m1, reason: channel_missing}
  - send: {from: bob, to: alice, text: hi, as: m2, push: {desc: "right channel", android: {oppo_channel_id: im_channel}}}
  - expect_notification: {device: alice-phone, message: m2, body: "right channel", within: 60s}
`},
	{name: "operational_messages_capped", only: "vivo", tmpl: `name: "vivo: operational messages (classification 0) are capped per device per day; system messages are not"
` + head + killedReady + `  - send: {from: bob, to: alice, text: promo 1, as: op1, push: {desc: promo, android: {vivo_classification: 0}}}
  - send: {from: bob, to: alice, text: promo 2, as: op2, push: {desc: promo, android: {vivo_classification: 0}}}
  - send: {from: bob, to: alice, text: promo 3, as: op3, push: {desc: promo, android: {vivo_classification: 0}}}
  - send: {from: bob, to: alice, text: promo 4, as: op4, push: {desc: promo, android: {vivo_classification: 0}}}
  - send: {from: bob, to: alice, text: promo 5, as: op5, push: {desc: promo, android: {vivo_classification: 0}}}
  - send: {from: bob, to: alice, text: promo 6, as: op6, push: {desc: promo, android: {vivo_classification: 0}}}
  - expect_notification: {device: alice-phone, message: op5, within: 60s}
  - expect_no_notification: {device: alice-phone, message: op6, for: 2m, reason: vendor_quota_exceeded}
  - send: {from: bob, to: alice, text: hi, as: sys, push: {desc: "a chat message", android: {vivo_classification: 1}}}
  - expect_notification: {device: alice-phone, message: sys, within: 60s}
`},
	{name: "ext_as_action_param_by_default", only: "huawei", tmpl: `name: "Huawei: without ExtAsHuaweiIntentParam, ext reaches the Activity in its data URI, not as an extra"
labels: [vendor:huawei, seed-doc]
im:
  certificates:
    - id: 6666
      vendor: huawei
      package: com.example.chat
      {{indent 6 .V.Cert}}
      click: {action: open_activity, activity: com.example.chat.ChatActivity}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - send: {from: bob, to: alice, text: hi, as: m1, push: {desc: hi, ext: '{"conv":"c2c_bob"}'}}
  - expect_notification: {device: alice-phone, message: m1, within: 60s}
  - click: {device: alice-phone, message: m1}
  - expect_intent: {device: alice-phone, component: com.example.chat.ChatActivity, absent_extras: [ext]}
  - kill: alice-phone              # the tap opened the app; kill it again
  - send: {from: bob, to: alice, text: hi, as: m2, push: {desc: hi, ext: '{"conv":"c2c_bob"}', android: {ext_as_huawei_intent_param: 1}}}
  - expect_notification: {device: alice-phone, message: m2, within: 60s}
  - click: {device: alice-phone, message: m2}
  - expect_intent: {device: alice-phone, component: com.example.chat.ChatActivity, extras: {ext: '{"conv":"c2c_bob"}'}}
`},
	{name: "missing_notification_channel", only: "xiaomi", tmpl: `name: "Xiaomi: on Android 8+ a push without the app's notification channel is not shown"
` + head + killedReady + `  - send: {from: bob, to: alice, text: hi, as: m1, push: {desc: "no channel"}}
  - expect_no_notification: {device: alice-phone, message: m1, reason: channel_missing}
  - send: {from: bob, to: alice, text: hi, as: m2, push: {desc: "wrong channel", android: {xiaomi_channel_id: marketing}}}
  - expect_no_notification: {device: alice-phone, message: m2, reason: channel_missing}
  - send: {from: bob, to: alice, text: hi, as: m3, push: {desc: "right channel", android: {xiaomi_channel_id: im_channel}}}
  - expect_notification: {device: alice-phone, message: m3, body: "right channel", within: 60s}
`},
	{name: "burst_folded", only: "meizu", tmpl: `name: "Meizu: more than 5 messages to one device within a minute are folded"
` + head + killedReady + `  - send: {from: bob, to: alice, text: one, as: b1}
  - send: {from: bob, to: alice, text: two, as: b2}
  - send: {from: bob, to: alice, text: three, as: b3}
  - send: {from: bob, to: alice, text: four, as: b4}
  - send: {from: bob, to: alice, text: five, as: b5}
  - send: {from: bob, to: alice, text: six, as: b6}
  - expect_notification: {device: alice-phone, message: b5, within: 60s}
  - expect_no_notification: {device: alice-phone, message: b6, for: 2m, reason: vendor_folded}
  - wait: 1m
  - send: {from: bob, to: alice, text: later, as: later}
  - expect_notification: {device: alice-phone, message: later, within: 60s}
`},
	{name: "flyme4_without_push_permissions", only: "meizu", tmpl: `name: "Meizu: Flyme 4 needs the Meizu push permissions; without them nothing arrives"
labels: [vendor:meizu, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
  - id: alice-phone
    brand: meizu
    rom: flyme-4
    user: alice
    app: {package: com.example.chat, certificate: 6666, permissions: [android.permission.INTERNET]}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_no_notification: {device: alice-phone, message: m1, reason: permission_missing}
`},
	{name: "flyme3_with_seed_permissions", only: "meizu", tmpl: `name: "Meizu: Flyme 3 with the seed's manifest permissions gets the notification"
labels: [vendor:meizu, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
  - id: alice-phone
    brand: meizu
    rom: flyme-3
    user: alice
    app: {package: com.example.chat, certificate: 6666}
users: [bob]
steps:
` + killedReady + sendM1 + `  - expect_notification: {device: alice-phone, message: m1, within: 60s}
`},
	{name: "pass_through_not_used_for_ext", only: "meizu", tmpl: `name: "Meizu: ext travels in the notification, not as pass-through, and reaches onNotificationClicked"
labels: [vendor:meizu, seed-doc]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
users: [bob]
steps:
` + killedReady + `  - send: {from: bob, to: alice, text: hi, as: m1, push: {desc: hi, ext: '{"conv":"c2c_bob"}'}}
  - expect_notification: {device: alice-phone, message: m1, within: 60s}
  - click: {device: alice-phone, message: m1}
  - expect_intent: {device: alice-phone, extras: {ext: '{"conv":"c2c_bob"}'}, receiver_content: '{"conv":"c2c_bob"}'}
`},
}
