package simulator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pushsim/pushsim/protocol"
)

// Meizu push permissions (the seed's AndroidManifest.xml).
const (
	// PermFlymePushReceive is required below Flyme 5.
	PermFlymePushReceive = "com.meizu.flyme.push.permission.RECEIVE"
	// PermMeizuC2DMReceive is required on Flyme 3.
	PermMeizuC2DMReceive = "com.meizu.c2dm.permission.RECEIVE"
)

// MeizuPermissions is the full set of Meizu push permissions the seed's
// manifest declares for an app with package pkg.
func MeizuPermissions(pkg string) []string {
	return []string{PermFlymePushReceive, pkg + ".push.permission.MESSAGE", PermMeizuC2DMReceive, pkg + ".permission.C2D_MESSAGE"}
}

// meizuRequiredPermissions are the permissions a Flyme version needs.
func meizuRequiredPermissions(flyme int, pkg string) []string {
	switch {
	case flyme == 0 || flyme >= 5:
		return nil
	case flyme <= 3:
		return MeizuPermissions(pkg)
	default:
		return []string{PermFlymePushReceive, pkg + ".push.permission.MESSAGE"}
	}
}

// meizuSDK is the Flyme push SDK (MzPushMessageReceiver, PushManager).
type meizuSDK struct{}

func (meizuSDK) vendor() protocol.Vendor { return protocol.VendorMeizu }

func (meizuSDK) notificationsOnByDefault() bool { return true }

func (meizuSDK) tokenOK(st protocol.RegisterStatus) bool { return st.Code == "200" && st.Token != "" }

func (meizuSDK) precheck(d *Device) protocol.Reason {
	if d.missingPermission() != "" {
		return protocol.ReasonPermissionMissing
	}
	return protocol.ReasonNone
}

func (d *Device) missingPermission() string {
	need := meizuRequiredPermissions(romMajor(d.cfg.ROM, "flyme"), d.cfg.App.Package)
	if len(need) == 0 {
		return ""
	}
	have := map[string]bool{}
	for _, p := range d.cfg.App.Permissions {
		have[p] = true
	}
	for _, p := range need {
		if !have[p] {
			return p
		}
	}
	return ""
}

// meizuMessage is the part of Meizu's messageJson the device reads.
type meizuMessage struct {
	NoticeBarInfo struct {
		Title   string `json:"title"`
		Content string `json:"content"`
	} `json:"noticeBarInfo"`
	ClickTypeInfo struct {
		ClickType       flexInt         `json:"clickType"`
		URL             string          `json:"url"`
		Parameters      json.RawMessage `json:"parameters"`
		Activity        string          `json:"activity"`
		CustomAttribute string          `json:"customAttribute"`
	} `json:"clickTypeInfo"`
}

func (meizuSDK) render(d *Device, n protocol.DeviceNotice) (*Notification, protocol.Reason) {
	if d.missingPermission() != "" {
		return nil, protocol.ReasonPermissionMissing
	}
	var m meizuMessage
	if err := decodeMeizuMessage(n.Payload, &m); err != nil {
		return nil, protocol.ReasonVendorUnsupportedType
	}
	click := Click{Extras: stringMap(m.ClickTypeInfo.Parameters)}
	switch int(m.ClickTypeInfo.ClickType) {
	case 0:
		click.Kind = protocol.ClickOpenApp
	case 1:
		click.Kind, click.Activity = protocol.ClickOpenActivity, m.ClickTypeInfo.Activity
	case 2:
		click.Kind, click.URL = protocol.ClickOpenURL, m.ClickTypeInfo.URL
	case 3:
		click.Kind, click.Custom = "custom", m.ClickTypeInfo.CustomAttribute
	}
	return &Notification{
		VendorMsgID: n.MsgID, Vendor: protocol.VendorMeizu, Package: n.Package,
		Title: m.NoticeBarInfo.Title, Body: m.NoticeBarInfo.Content, Click: click, Payload: n.Payload,
	}, protocol.ReasonNone
}

func (meizuSDK) tap(d *Device, n Notification) Tap {
	t := Tap{Notification: n}
	pkg := d.cfg.App.Package
	switch n.Click.Kind {
	case protocol.ClickOpenApp:
		t.Intent = &Intent{Action: ActionMain, Categories: []string{CategoryLauncher}, Package: pkg,
			Component: d.cfg.App.launcher(), Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenActivity:
		t.Intent = &Intent{Package: pkg, Component: n.Click.Activity, Extras: cloneExtras(n.Click.Extras)}
	case protocol.ClickOpenURL:
		t.Intent = &Intent{Action: ActionView, Categories: []string{CategoryBrowser}, Data: n.Click.URL}
	case "custom":
		// clickType 3 is deprecated and does nothing on Android 12+.
		if d.cfg.Android < 12 {
			t.Intent = &Intent{Action: n.Click.Custom, Package: pkg}
		}
	}
	// MzPushMessageReceiver.onNotificationClicked: the self-defined content
	// is the ext the sender set, for the actions that carry it.
	if d.cfg.App.receiverKept() {
		t.ReceiverCalled = true
		if n.Click.Kind != protocol.ClickOpenURL {
			t.SelfDefineContent = n.Click.Extras["ext"]
		}
	}
	return t
}

// flexInt decodes a JSON number, numeric string or boolean as an int, as
// Meizu's clients send all three.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	switch s {
	case "true":
		*f = 1
		return nil
	case "false", "", "null":
		*f = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

// stringMap decodes a JSON object into string values (non-strings keep
// their JSON text).
func stringMap(raw json.RawMessage) map[string]string {
	if len(raw) == 0 {
		return nil
	}
	if m, ok := readStringMap(raw); ok {
		return m
	}
	return stringMapJSON(raw)
}

// stringMapJSON is stringMap through encoding/json.
func stringMapJSON(raw json.RawMessage) map[string]string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || len(obj) == 0 {
		return nil
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	return out
}

// readStringMap is stringMap by hand for an object with plain keys, each
// once, and no null; ok is false for any other input.
func readStringMap(raw []byte) (m map[string]string, ok bool) {
	r := protocol.NewJSONReader(raw)
	if !r.Open() {
		return nil, false
	}
	for first := true; ; first = false {
		key, done, ok := r.Member(first)
		if !ok {
			return nil, false
		}
		if done {
			break
		}
		v, ok := r.Value()
		if !ok || string(v) == "null" {
			return nil, false
		}
		if m == nil {
			m = make(map[string]string, 4)
		}
		k := string(key)
		if _, dup := m[k]; dup {
			return nil, false
		}
		m[k] = jsonText(v)
	}
	if !r.End() {
		return nil, false
	}
	return m, true
}

// jsonText is a valid JSON value as stringMap keeps it: a string's
// contents, any other value's JSON text.
func jsonText(v []byte) string {
	if v[0] != '"' {
		return string(v)
	}
	return protocol.JSONStringContent(v)
}

// decodeMeizuMessage decodes a messageJson into m as json.Unmarshal
// does into a zero one: by hand when it has the common shape (plain keys
// and strings, each key once, no null, nothing else that encoding/json
// might match to a field), else through encoding/json.
func decodeMeizuMessage(b []byte, m *meizuMessage) error {
	*m = meizuMessage{}
	if ok, err := readMeizuMessage(b, m); ok {
		return err
	}
	*m = meizuMessage{}
	return json.Unmarshal(b, m)
}

// readMeizuMessage is decodeMeizuMessage by hand; ok is false for input it
// leaves to encoding/json. Its only error is clickType's.
func readMeizuMessage(b []byte, m *meizuMessage) (ok bool, err error) {
	r := protocol.NewJSONReader(b)
	var seen uint
	read := func(names []string, member func(i int) bool) bool {
		if !r.Open() {
			return false
		}
		for first := true; ; first = false {
			key, done, ok := r.Member(first)
			if !ok {
				return false
			}
			if done {
				return true
			}
			i := slices.Index(names, string(key))
			if i < 0 {
				if mayMatch(key, names) {
					return false
				}
				if _, ok := r.Value(); !ok {
					return false
				}
				continue
			}
			if !member(i) {
				return false
			}
		}
	}
	// each member's bit in seen: 0-1 the top level's, 2-3 noticeBarInfo's,
	// 4-8 clickTypeInfo's.
	once := func(bit uint) bool {
		if seen&(1<<bit) != 0 {
			return false
		}
		seen |= 1 << bit
		return true
	}
	str := func(bit uint, dst *string) bool {
		s, ok := r.PlainString()
		*dst = s
		return ok && once(bit)
	}
	n, c := &m.NoticeBarInfo, &m.ClickTypeInfo
	ok = read(meizuTop, func(i int) bool {
		if !once(uint(i)) {
			return false
		}
		if i == 0 {
			return read(meizuNoticeBar, func(i int) bool {
				return str(2+uint(i), []*string{&n.Title, &n.Content}[i])
			})
		}
		return read(meizuClickType, func(i int) bool {
			switch i {
			case 0, 2:
				v, ok := r.Value()
				if !ok || string(v) == "null" || !once(4+uint(i)) {
					return false
				}
				if i == 2 {
					c.Parameters = v
				} else if e := c.ClickType.UnmarshalJSON(v); e != nil && err == nil {
					err = e
				}
				return true
			}
			return str(4+uint(i), []*string{nil, &c.URL, nil, &c.Activity, &c.CustomAttribute}[i])
		})
	})
	if !ok || !r.End() {
		return false, nil
	}
	return true, err
}

// The members of meizuMessage and its parts, in the order of their bits.
var (
	meizuTop       = []string{"noticeBarInfo", "clickTypeInfo"}
	meizuNoticeBar = []string{"title", "content"}
	meizuClickType = []string{"clickType", "url", "parameters", "activity", "customAttribute"}
)

// mayMatch reports whether encoding/json might match key to one of names
// though it is none of them: it ignores case, and may ignore '-' and '_'
// too; a key with other than ASCII is taken to match.
func mayMatch(key []byte, names []string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	for _, n := range names {
		if foldedEqual(key, n) {
			return true
		}
	}
	return false
}

// foldedEqual reports whether key is name (ASCII letters and digits)
// ignoring ASCII case, '-' and '_'.
func foldedEqual(key []byte, name string) bool {
	j := 0
	for _, c := range key {
		if c == '-' || c == '_' {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if j == len(name) || c != name[j]|0x20 {
			return false
		}
		j++
	}
	return j == len(name)
}
