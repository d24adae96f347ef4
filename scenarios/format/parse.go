package format

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

// ParseFile reads and validates a scenario file.
func ParseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse validates a scenario document. On failure the error is a
// Problems listing every problem with its line and column.
func Parse(file string, data []byte) (*Scenario, error) {
	p := &parser{reader: reader{&problems{file: file}}, sc: &Scenario{File: file}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.syntax(err)
		return nil, p.err()
	}
	if len(doc.Content) == 0 {
		p.found = append(p.found, Problem{File: file, Line: 1, Column: 1, Msg: "the file is empty", Hint: "a scenario needs at least name: and steps:"})
		return nil, p.err()
	}
	p.top(doc.Content[0])
	if err := p.err(); err != nil {
		return nil, err
	}
	return p.sc, nil
}

type parser struct {
	reader
	sc       *Scenario
	devices  map[string]harness.DeviceConfig
	certs    map[int64]bool
	launched map[string]bool
	refs     map[string]bool
	batches  map[string]bool // as: of sends with a count
	faults   map[string]bool // vendor NUL rule, of rules set so far
	fleets   map[string]*fleetOf
	// fleetBatches maps the as: of a send to a fleet to the fleet.
	fleetBatches map[string]string
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// syntax turns a YAML syntax error into a problem at its line.
func (p *parser) syntax(err error) {
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p.found = append(p.found, Problem{File: p.file, Line: line, Column: 1, Msg: "not valid YAML: " + msg,
		Hint: "check the indentation and quote values that contain ': ' or start with { [ * & ! | >"})
}

func (p *parser) top(root *yaml.Node) {
	f := p.fields(root, "the scenario", "name", "labels", "seed", "im", "vendors", "devices", "users", "steps")
	p.required(root, f, "a scenario", "name", "steps")
	p.sc.Name = p.str(f["name"], "name")
	p.sc.Labels = p.strings(f["labels"], "labels")
	if n := f["labels"]; n != nil && n.Kind == yaml.SequenceNode {
		for _, item := range n.Content {
			if strings.ContainsAny(item.Value, "&|!,()/") {
				p.at(item, "labels select scenarios in --label-filter expressions, where & | ! , ( ) / are operators",
					"label %q contains one of & | ! , ( ) /", item.Value)
			}
		}
	}
	if n := f["seed"]; n != nil {
		if v, ok := p.uinteger(n, "seed"); ok {
			p.sc.Seed = &v
			p.sc.Env.Seed = v
		}
	}
	p.im(f["im"])
	p.vendors(f["vendors"])
	p.devicesBlock(f["devices"])
	p.sc.Env.Users = p.strings(f["users"], "users")
	p.steps(f["steps"])
}

func (p *parser) im(n *yaml.Node) {
	f := p.fields(n, "im", "sdkappid", "secret_key", "admin", "login_policy", "activation_delay", "heartbeat_timeout", "certificates")
	im := &p.sc.Env.IM
	if v := f["sdkappid"]; v != nil {
		im.SDKAppID, _ = p.uinteger(v, "im.sdkappid")
	}
	im.SecretKey = p.str(f["secret_key"], "im.secret_key")
	im.Admin = p.str(f["admin"], "im.admin")
	if v := f["login_policy"]; v != nil {
		im.LoginPolicy = p.oneOf(v, "im.login_policy", "same_platform_kick", "all_mobile_kick", "multi")
	}
	if v := f["activation_delay"]; v != nil {
		if d, ok := p.duration(v, "im.activation_delay"); ok {
			hd := harness.Duration(d)
			im.ActivationDelay = &hd
		}
	}
	if v := f["heartbeat_timeout"]; v != nil {
		if d, ok := p.duration(v, "im.heartbeat_timeout"); ok {
			if d <= 0 {
				p.at(v, "leave it out for the documented 400s", "im.heartbeat_timeout: %v must be positive", d)
			}
			im.HeartbeatTimeout = harness.Duration(d)
		}
	}
	p.certs = map[int64]bool{}
	for _, c := range p.list(f["certificates"], "im.certificates") {
		cert, ok := p.certificate(c, "certificate")
		if !ok {
			continue
		}
		if p.certs[cert.ID] {
			p.at(c, "give each certificate its own id", "certificate id %d is defined twice", cert.ID)
		}
		p.certs[cert.ID] = true
		im.Certificates = append(im.Certificates, cert)
	}
}

// certificateKeys are the fields of a certificate.
var certificateKeys = []string{"id", "vendor", "package", "app_id", "app_key", "app_secret", "master_secret",
	"client_id", "client_secret", "project_id", "service_account", "bundle_id", "team_id", "key_id", "key",
	"click", "activation_delay", "receipt_url", "badge_class"}

func vendorNames() []string {
	out := make([]string, len(protocol.Vendors))
	for i, v := range protocol.Vendors {
		out[i] = string(v)
	}
	return out
}

func brandNames() []string {
	out := make([]string, len(protocol.Brands))
	for i, b := range protocol.Brands {
		out[i] = string(b)
	}
	return out
}

func (p *parser) certificate(n *yaml.Node, what string) (harness.CertificateConfig, bool) {
	before := len(p.found)
	f := p.fields(n, what, certificateKeys...)
	p.required(n, f, "a certificate", "id", "vendor")
	var c harness.CertificateConfig
	if v := f["id"]; v != nil {
		if id, ok := p.integer(v, what+".id"); ok {
			if id <= 0 {
				p.at(v, "the IM console assigns positive IDs such as 6666", "%s.id must be positive", what)
			}
			c.ID = id
		}
	}
	if v := f["vendor"]; v != nil {
		c.Vendor = p.oneOf(v, what+".vendor", vendorNames()...)
	}
	strs := map[string]*string{"package": &c.Package, "app_id": &c.AppID, "app_key": &c.AppKey, "app_secret": &c.AppSecret,
		"master_secret": &c.MasterSecret, "client_id": &c.ClientID, "client_secret": &c.ClientSecret,
		"project_id": &c.ProjectID, "service_account": &c.ServiceAccount, "bundle_id": &c.BundleID,
		"team_id": &c.TeamID, "key_id": &c.KeyID, "key": &c.Key, "receipt_url": &c.ReceiptURL,
		"badge_class": &c.BadgeClass}
	for k, dst := range strs {
		if v := f[k]; v != nil {
			*dst = p.str(v, what+"."+k)
		}
	}
	if v := f["click"]; v != nil {
		c.Click = p.click(v, what+".click")
	}
	if v := f["activation_delay"]; v != nil {
		if d, ok := p.duration(v, what+".activation_delay"); ok {
			hd := harness.Duration(d)
			c.ActivationDelay = &hd
		}
	}
	return c, len(p.found) == before
}

func (p *parser) click(n *yaml.Node, what string) protocol.ClickAction {
	f := p.fields(n, what, "action", "url", "activity")
	var c protocol.ClickAction
	if v := f["action"]; v != nil {
		c.Action = p.oneOf(v, what+".action", protocol.ClickOpenApp, protocol.ClickOpenURL, protocol.ClickOpenActivity)
	}
	c.URL = p.str(f["url"], what+".url")
	c.Activity = p.str(f["activity"], what+".activity")
	switch c.Action {
	case protocol.ClickOpenURL:
		if f["url"] == nil {
			p.at(n, "add url: https://...", "%s: open_url needs a url", what)
		} else if err := c.Validate(); err != nil {
			p.at(f["url"], "the IM console only accepts URLs starting with http:// or https://", "%s.url: %q is not an http or https URL", what, c.URL)
		}
	case protocol.ClickOpenActivity:
		if f["activity"] == nil {
			p.at(n, "add activity: com.example.app.ChatActivity", "%s: open_activity needs an activity", what)
		} else if err := c.Validate(); err != nil {
			p.at(f["activity"], "write the full class name, e.g. com.example.chat.ChatActivity", "%s.activity: %v", what, err)
		}
	}
	return c
}

func (p *parser) vendors(n *yaml.Node) {
	f := p.fields(n, "vendors", vendorNames()...)
	if len(f) == 0 {
		return
	}
	p.sc.Env.Vendors = map[string]harness.VendorConfig{}
	for name, v := range f {
		vf := p.fields(v, "vendors."+name, "latency", "drop_rate", "limits", "faults")
		var vc harness.VendorConfig
		if l := vf["limits"]; l != nil {
			vc.Limits = p.limits(l, name)
		}
		if l := vf["latency"]; l != nil {
			lf := p.fields(l, "vendors."+name+".latency", "median", "p99")
			if m, ok := p.duration(lf["median"], "latency.median"); ok {
				vc.Latency.Median = harness.Duration(m)
			}
			if q, ok := p.duration(lf["p99"], "latency.p99"); ok {
				vc.Latency.P99 = harness.Duration(q)
			}
			if lf["median"] != nil && lf["p99"] != nil && vc.Latency.P99 < vc.Latency.Median {
				p.at(lf["p99"], "p99 is the slow tail: at least the median", "vendors.%s.latency.p99 is below the median", name)
			}
		}
		if d := vf["drop_rate"]; d != nil {
			if r, ok := p.number(d, "drop_rate"); ok {
				if r < 0 || r > 1 {
					p.at(d, "a probability: 0 never drops, 1 always", "vendors.%s.drop_rate must be between 0 and 1", name)
				}
				vc.DropRate = r
			}
		}
		if fl := vf["faults"]; fl != nil {
			names := map[string]bool{}
			for i, item := range p.list(fl, "vendors."+name+".faults") {
				r, ok := p.faultRule(item, fmt.Sprintf("vendors.%s.faults[%d]", name, i))
				if !ok {
					continue
				}
				if names[r.Name] {
					p.at(item, "give each rule its own name", "vendors.%s.faults: rule %q is listed twice", name, r.Name)
				}
				names[r.Name] = true
				vc.Faults = append(vc.Faults, r)
			}
		}
		p.sc.Env.Vendors[name] = vc
	}
}

func (p *parser) devicesBlock(n *yaml.Node) {
	p.devices = map[string]harness.DeviceConfig{}
	p.fleets = map[string]*fleetOf{}
	for _, item := range p.list(n, "devices") {
		if hasKey(item, "fleet") {
			p.fleetEntry(item)
			continue
		}
		f := p.fields(item, "device", "id", "brand", "rom", "android", "user", "app", "link")
		p.required(item, f, "a device", "id", "brand", "user", "app")
		d := harness.DeviceConfig{ID: p.str(f["id"], "device id"), User: p.str(f["user"], "device user")}
		if v := f["brand"]; v != nil {
			d.Brand = p.oneOf(v, "device brand", brandNames()...)
		}
		d.ROM, d.Android, d.App = p.deviceBody(f)
		if v := f["link"]; v != nil {
			d.Link = p.deviceLink(v)
		}
		if d.ID != "" {
			if _, dup := p.devices[d.ID]; dup {
				p.at(f["id"], "give each device its own id", "device %q is defined twice", d.ID)
			} else if _, fl := p.fleets[d.ID]; fl {
				p.at(f["id"], "device IDs and fleet names share one namespace: give each its own", "device %q: the name is already a fleet", d.ID)
			}
			p.devices[d.ID] = d
		}
		p.sc.Env.Devices = append(p.sc.Env.Devices, d)
	}
}

// hasKey reports whether n is a mapping with key k.
func hasKey(n *yaml.Node, k string) bool {
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return true
		}
	}
	return false
}

// deviceBody reads what a single device and a fleet share: rom, android
// and app.
func (p *parser) deviceBody(f map[string]*yaml.Node) (rom string, android int, app harness.AppConfig) {
	rom = p.str(f["rom"], "device rom")
	if v := f["android"]; v != nil {
		if a, ok := p.integer(v, "device android"); ok {
			if a < 4 || a > 16 {
				p.at(v, "Android versions run from 4 to 16", "device android %d is not an Android version", a)
			}
			android = int(a)
		}
	}
	return rom, android, p.app(f["app"])
}

func (p *parser) app(n *yaml.Node) harness.AppConfig {
	f := p.fields(n, "device app", "package", "certificate", "receiver_kept", "permissions", "notifications_enabled",
		"channels", "register_delay", "app_id", "app_key", "launcher_activity")
	if n != nil {
		p.required(n, f, "an app", "package")
	}
	a := harness.AppConfig{Package: p.str(f["package"], "app.package"), AppID: p.str(f["app_id"], "app.app_id"),
		AppKey: p.str(f["app_key"], "app.app_key"), LauncherActivity: p.str(f["launcher_activity"], "app.launcher_activity")}
	if v := f["certificate"]; v != nil {
		a.Certificate, _ = p.integer(v, "app.certificate")
	}
	for k, dst := range map[string]**bool{"receiver_kept": &a.ReceiverKept, "notifications_enabled": &a.NotificationsEnabled} {
		if v := f[k]; v != nil {
			if b, ok := p.boolean(v, "app."+k); ok {
				*dst = &b
			}
		}
	}
	if v := f["permissions"]; v != nil {
		a.Permissions = p.strings(v, "app.permissions")
		if a.Permissions == nil {
			a.Permissions = []string{}
		}
	}
	a.Channels = p.strings(f["channels"], "app.channels")
	if v := f["register_delay"]; v != nil {
		if d, ok := p.duration(v, "app.register_delay"); ok {
			hd := harness.Duration(d)
			a.RegisterDelay = &hd
		}
	}
	return a
}

// device checks a device reference: a device ID or a fleet name.
func (p *parser) device(n *yaml.Node, what string) string {
	id := p.str(n, what)
	if id == "" {
		return ""
	}
	_, dev := p.devices[id]
	if _, fl := p.fleets[id]; !dev && !fl {
		known := make([]string, 0, len(p.devices)+len(p.fleets))
		for k := range p.devices {
			known = append(known, k)
		}
		for k := range p.fleets {
			known = append(known, k)
		}
		p.at(n, didYouMean(id, known), "%s: no device %q in devices", what, id)
		return ""
	}
	return id
}

// message checks a message reference: an earlier send's as.
func (p *parser) message(n *yaml.Node, what string) string {
	ref := p.str(n, what)
	if ref == "" {
		return ""
	}
	if !p.refs[ref] && p.fleetBatches[ref] == "" {
		known := make([]string, 0, len(p.refs))
		for k := range p.refs {
			known = append(known, k)
		}
		p.at(n, didYouMean(ref, known)+"; a message is named by an earlier send's as:", "%s: no message %q sent before this step", what, ref)
		return ""
	}
	return ref
}

var errStep = errors.New("bad step")

func (p *parser) steps(n *yaml.Node) {
	p.launched = map[string]bool{}
	p.refs = map[string]bool{}
	p.batches = map[string]bool{}
	p.faults = map[string]bool{}
	p.fleetBatches = map[string]string{}
	for v, vc := range p.sc.Env.Vendors {
		for _, r := range vc.Faults {
			p.faults[v+"\x00"+r.Name] = true
		}
	}
	items := p.list(n, "steps")
	if n != nil && len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.at(n, "add at least one step, e.g. - launch: alice-phone", "steps is empty")
	}
	for i, item := range items {
		st := Step{Index: i + 1, Line: item.Line}
		if item.Kind != yaml.MappingNode || len(item.Content) != 2 {
			p.at(item, "write each step as one action, e.g. - kill: alice-phone", "step %d must be exactly one action: key, not %s", i+1, stepShape(item))
			continue
		}
		key, val := item.Content[0], item.Content[1]
		st.Action = key.Value
		if err := p.step(&st, key, val); err == nil {
			p.fleetBatchRef(st, val)
			p.sc.Steps = append(p.sc.Steps, p.expandFleetStep(st)...)
		}
	}
}

func stepShape(n *yaml.Node) string {
	if n.Kind == yaml.MappingNode {
		return fmt.Sprintf("%d actions", len(n.Content)/2)
	}
	return kindName(n)
}

func (p *parser) step(st *Step, key, val *yaml.Node) error {
	before := len(p.found)
	what := fmt.Sprintf("step %d (%s)", st.Index, st.Action)
	switch st.Action {
	case ActLaunch, ActLogin, ActLogout, ActKill, ActBackground, ActForeground, ActUninstall, ActReinstall, ActTroubleshoot:
		st.Device = p.device(val, what)
		p.lifecycle(st, val)
	case ActWait:
		st.Duration, _ = p.duration(val, what)
	case ActNetwork:
		f := p.fields(val, what, "device", "state")
		p.required(val, f, what, "device", "state")
		st.Device = p.device(f["device"], what+" device")
		st.NetworkUp = p.oneOf(f["state"], what+" state", "on", "off") == "on"
	case ActLink:
		st.Device, st.Link = p.linkStep(val, what)
	case ActKick:
		st.User = p.str(val, what)
	case ActCertificate:
		if c, ok := p.certificate(val, what); ok {
			st.Certificate = &c
			p.certs[c.ID] = true
		}
	case ActSend:
		st.Send, st.Count, st.Every = p.sendStep(val, what)
		st.Recipients = p.fleetSend(*st, val, what)
	case ActFault:
		st.Vendor, st.Fault = p.faultStep(val, what)
		p.faults[st.Vendor+"\x00"+st.Fault.Name] = true
	case ActClearFaults:
		st.Vendor = p.oneOf(val, what, vendorNames()...)
	case ActExpectDelivery:
		st.Delivery = p.expectDelivery(val, what)
	case ActExpectFaultFired:
		st.FaultFired = p.expectFaultFired(val, what)
	case ActClick:
		f := p.fields(val, what, "device", "message")
		p.required(val, f, what, "device", "message")
		st.Device = p.device(f["device"], what+" device")
		st.Expect = &Expect{Message: p.message(f["message"], what+" message")}
	case ActExpectNotification:
		st.Device, st.Expect = p.expectNotification(val, what)
	case ActExpectNoNotification:
		st.Device, st.Expect = p.expectNoNotification(val, what)
	case ActExpectIntent:
		st.Device, st.Expect = p.expectIntent(val, what)
	case ActExpectOnlineMessage:
		f := p.fields(val, what, "device", "message", "within")
		p.required(val, f, what, "device", "message")
		st.Device = p.device(f["device"], what+" device")
		st.Expect = &Expect{Message: p.message(f["message"], what+" message"), Within: DefaultWithin}
		if v := f["within"]; v != nil {
			st.Expect.Within, _ = p.duration(v, what+" within")
		}
	case ActExpectState:
		f := p.fields(val, what, "device", "im")
		p.required(val, f, what, "device", "im")
		st.Device = p.device(f["device"], what+" device")
		st.Expect = &Expect{IMState: p.oneOf(f["im"], what+" im", "online", "background", "push_online", "offline")}
	default:
		p.at(key, didYouMean(st.Action, Actions), "step %d: unknown action %q", st.Index, st.Action)
	}
	if len(p.found) != before {
		return errStep
	}
	return nil
}

// lifecycle tracks which apps run, so login without launch is refused.
func (p *parser) lifecycle(st *Step, val *yaml.Node) {
	if st.Device == "" {
		return
	}
	for _, id := range p.members(st.Device) {
		switch st.Action {
		case ActLaunch:
			p.launched[id] = true
		case ActKill, ActUninstall, ActReinstall:
			p.launched[id] = false
		case ActLogin:
			if !p.launched[id] {
				p.at(val, "add - launch: "+st.Device+" before it: the app must run to log in",
					"step %d: login on %s, whose app is not launched", st.Index, id)
				return
			}
		}
	}
}
