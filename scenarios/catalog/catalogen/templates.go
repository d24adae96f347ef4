package catalogen

// common defines the blocks every file shares.
const common = `{{define "cert"}}    - id: 6666
      vendor: {{.V.Name}}
      package: com.example.chat
      {{indent 6 .V.Cert}}
      click: {{.C.ClickYAML}}{{end}}
{{- define "device"}}  - id: {{.ID}}
    brand: {{.V.Brand}}
{{- if .V.ROM}}
    rom: {{.V.ROM}}{{end}}
    user: alice
    app: {package: com.example.chat, certificate: 6666{{.V.App}}}{{end}}
{{- define "push"}}push: {title: Bob, desc: "hi there"{{if .C.Ext}}, ext: '{"conv":"c2c_bob"}'{{end}}{{if .V.Android}}, android: {{.V.Android}}{{end}}}{{end}}
{{- define "bare"}}{{if .V.Android}}, push: {android: {{.V.Android}}}{{end}}{{end}}
{{- define "ready"}}  - launch: alice-phone            # Application.onCreate: vendor registration
  - login: alice-phone             # IM login, then the token report
  - wait: 11m                      # the certificate takes effect within 10 minutes{{end}}
{{- define "tap"}}  - click: {device: alice-phone, message: m1}
{{- if eq .V.Brand "apple"}}
{{- if eq .C.Action "open_url"}}
  - expect_intent: {device: alice-phone, action: open, extras: {url: "{{.C.URL}}"}, absent_extras: [ext]}
{{- else if eq .C.Action "open_activity"}}
  - expect_intent: {device: alice-phone, action: open, extras: {activity: {{.C.Activity}}{{if .C.Ext}}, ext: '{"conv":"c2c_bob"}'{{end}}}{{if not .C.Ext}}, absent_extras: [ext]{{end}}}
{{- else}}
  - expect_intent: {device: alice-phone, action: open{{if .C.Ext}}, extras: {ext: '{"conv":"c2c_bob"}'}{{else}}, absent_extras: [ext]{{end}}}
{{- end}}
{{- else if eq .C.Action "open_url"}}
  - expect_intent: {device: alice-phone, action: android.intent.action.VIEW, url: "{{.C.URL}}", absent_extras: [ext]}
{{- else if eq .C.Action "open_activity"}}
  - expect_intent: {device: alice-phone, component: {{.C.Activity}}{{if .C.Ext}}, extras: {ext: '{"conv":"c2c_bob"}'}{{else}}, absent_extras: [ext]{{end}}}
{{- else}}
  - expect_intent: {device: alice-phone, action: android.intent.action.MAIN{{if .C.Ext}}, extras: {ext: '{"conv":"c2c_bob"}'}{{else}}, absent_extras: [ext]{{end}}}
{{- end}}{{end}}`

// matrixTemplate is one vendor × lifecycle × click file.
const matrixTemplate = `name: "{{.V.Title}}, {{.L.Title}}; the tap {{.C.Title}}"
labels: [vendor:{{.V.Name}}, lifecycle:{{.L.Name}}, click:{{.C.Action}}]
im:
  certificates:
{{template "cert" .}}
devices:
{{template "device" (dev "alice-phone" .)}}
{{- if eq .L.Name "kicked_by_login"}}
{{template "device" (dev "alice-tablet" .)}}{{end}}
users: [bob]
steps:
{{template "ready" .}}
{{- if eq .L.Name "killed"}}
  - kill: alice-phone              # the IM socket closes: PushOnline at once
  - expect_state: {device: alice-phone, im: push_online}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 60s}
{{template "tap" .}}
{{- else if eq .L.Name "background"}}
  - background: alice-phone        # doBackground: push although the socket is up
  - expect_state: {device: alice-phone, im: background}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_online_message: {device: alice-phone, message: m1, within: 5s}
  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 60s}
{{template "tap" .}}
{{- else if eq .L.Name "network_loss"}}
  - wait: 1m1s                     # just after a heartbeat (they go every 2 minutes)
  - network: {device: alice-phone, state: off}
  - wait: 6m                       # the server has not noticed yet: no FIN arrived
  - expect_state: {device: alice-phone, im: online}
  - wait: 1m                       # 400 s after the last heartbeat: PushOnline
  - expect_state: {device: alice-phone, im: push_online}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 1m, reason: device_network_down}
  - network: {device: alice-phone, state: on}
  - expect_notification: {device: alice-phone, message: m1, title: Bob, body: "hi there", within: 3m}
{{template "tap" .}}
{{- else if eq .L.Name "foreground"}}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_online_message: {device: alice-phone, message: m1, within: 5s}
  - expect_no_notification: {device: alice-phone, message: m1, for: 2m, reason: delivered_online}
{{- else if eq .L.Name "logged_out"}}
  - logout: alice-phone            # logout drops the token binding
  - kill: alice-phone
  - expect_state: {device: alice-phone, im: offline}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 5m, reason: logged_out}
{{- else if eq .L.Name "kicked_by_login"}}
  - kill: alice-phone
  - launch: alice-tablet           # same platform: the new login kicks the phone
  - login: alice-tablet
  - expect_state: {device: alice-phone, im: offline}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 5m, reason: kicked}
  - expect_online_message: {device: alice-tablet, message: m1, within: 5s}
{{- else if eq .L.Name "kicked_by_rest"}}
  - kill: alice-phone
  - kick: alice                    # im_open_login_svc/kick
  - expect_state: {device: alice-phone, im: offline}
  - send: {from: bob, to: alice, text: hi, as: m1, {{template "push" .}}}
  - expect_no_notification: {device: alice-phone, message: m1, for: 5m, reason: kicked}
{{- end}}
`
