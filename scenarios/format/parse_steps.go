package format

import (
	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/protocol"
)

func (p *parser) send(n *yaml.Node, what string) *harness.SendSpec {
	f := p.fields(n, what, "from", "to", "text", "custom", "as", "push", "online_only")
	p.required(n, f, what, "to")
	s := &harness.SendSpec{From: p.str(f["from"], what+" from"), To: p.str(f["to"], what+" to"),
		Text: p.str(f["text"], what+" text"), As: p.str(f["as"], what+" as")}
	if f["text"] != nil && f["custom"] != nil {
		p.at(f["custom"], "a message is a text or a custom element, not both", "%s has both text and custom", what)
	}
	if f["text"] == nil && f["custom"] == nil && n != nil && n.Kind == yaml.MappingNode {
		p.at(n, "add text: hello, or custom: {data: ..., desc: ...}", "%s needs text or custom", what)
	}
	if v := f["custom"]; v != nil {
		cf := p.fields(v, what+" custom", "data", "desc", "ext")
		s.Custom = &harness.CustomElem{Data: p.str(cf["data"], "custom data"), Desc: p.str(cf["desc"], "custom desc"), Ext: p.str(cf["ext"], "custom ext")}
	}
	if v := f["online_only"]; v != nil {
		s.OnlineOnly, _ = p.boolean(v, what+" online_only")
	}
	if v := f["push"]; v != nil {
		s.Push = p.push(v, what+" push")
	}
	if s.As != "" {
		if p.refs[s.As] {
			p.at(f["as"], "give each message its own name", "%s: message %q is already named by an earlier send", what, s.As)
		}
		p.refs[s.As] = true
	}
	return s
}

func (p *parser) push(n *yaml.Node, what string) *harness.PushInfo {
	f := p.fields(n, what, "flag", "title", "desc", "ext", "android", "apns")
	pi := &harness.PushInfo{Title: p.str(f["title"], what+" title"), Desc: p.str(f["desc"], what+" desc"), Ext: p.str(f["ext"], what+" ext")}
	if v := f["flag"]; v != nil {
		if flag, ok := p.integer(v, what+" flag"); ok {
			if flag != 0 && flag != 1 {
				p.at(v, "0 pushes, 1 does not (OfflinePushInfo.PushFlag)", "%s flag must be 0 or 1", what)
			}
			pi.Flag = int(flag)
		}
	}
	if v := f["android"]; v != nil {
		pi.Android = p.android(v, what+" android")
	}
	if v := f["apns"]; v != nil {
		pi.Apns = p.apns(v, what+" apns")
	}
	return pi
}

func (p *parser) android(n *yaml.Node, what string) *protocol.AndroidInfo {
	f := p.fields(n, what, "sound", "push_style", "huawei_channel_id", "xiaomi_channel_id", "oppo_channel_id",
		"google_channel_id", "vivo_classification", "vivo_category", "huawei_importance", "huawei_category",
		"ext_as_huawei_intent_param", "honor_importance", "oppo_category", "meizu_notice_msg_type")
	a := &protocol.AndroidInfo{
		Sound: p.str(f["sound"], "sound"), HuaWeiChannelID: p.str(f["huawei_channel_id"], "huawei_channel_id"),
		XiaoMiChannelID: p.str(f["xiaomi_channel_id"], "xiaomi_channel_id"), OPPOChannelID: p.str(f["oppo_channel_id"], "oppo_channel_id"),
		GoogleChannelID: p.str(f["google_channel_id"], "google_channel_id"), VIVOCategory: p.str(f["vivo_category"], "vivo_category"),
		HuaWeiCategory: p.str(f["huawei_category"], "huawei_category"), OPPOCategory: p.str(f["oppo_category"], "oppo_category"),
	}
	if v := f["huawei_importance"]; v != nil {
		a.HuaWeiImportance = p.oneOf(v, "huawei_importance", "LOW", "NORMAL")
	}
	if v := f["honor_importance"]; v != nil {
		a.HonorImportance = p.oneOf(v, "honor_importance", "LOW", "NORMAL")
	}
	ints := map[string]*int{"push_style": &a.PushStyle, "ext_as_huawei_intent_param": &a.ExtAsHuaweiIntentParam}
	for k, dst := range ints {
		if v := f[k]; v != nil {
			if x, ok := p.integer(v, k); ok {
				*dst = int(x)
			}
		}
	}
	optional := map[string]**int{"vivo_classification": &a.VIVOClassification, "meizu_notice_msg_type": &a.MeiZuNoticeMsgType}
	for k, dst := range optional {
		if v := f[k]; v != nil {
			if x, ok := p.integer(v, k); ok {
				if x != 0 && x != 1 {
					p.at(v, "0 or 1", "%s must be 0 or 1", k)
				}
				xi := int(x)
				*dst = &xi
			}
		}
	}
	return a
}

func (p *parser) apns(n *yaml.Node, what string) *protocol.ApnsInfo {
	f := p.fields(n, what, "sound", "badge_mode", "title", "sub_title", "image", "mutable_content", "interruption_level", "content_available")
	a := &protocol.ApnsInfo{Sound: p.str(f["sound"], "sound"), Title: p.str(f["title"], "title"),
		SubTitle: p.str(f["sub_title"], "sub_title"), Image: p.str(f["image"], "image")}
	if v := f["interruption_level"]; v != nil {
		a.InterruptionLevel = p.oneOf(v, "interruption_level", "active", "critical", "passive", "time-sensitive")
	}
	for k, dst := range map[string]*int{"badge_mode": &a.BadgeMode, "mutable_content": &a.MutableContent, "content_available": &a.ContentAvailable} {
		if v := f[k]; v != nil {
			if x, ok := p.integer(v, k); ok {
				*dst = int(x)
			}
		}
	}
	return a
}

func (p *parser) expectNotification(n *yaml.Node, what string) (string, *Expect) {
	f := p.fields(n, what, "device", "message", "title", "body", "within")
	p.required(n, f, what, "device", "message")
	e := &Expect{Message: p.message(f["message"], what+" message"), Within: DefaultWithin}
	if v := f["title"]; v != nil {
		t := p.str(v, what+" title")
		e.Title = &t
	}
	if v := f["body"]; v != nil {
		b := p.str(v, what+" body")
		e.Body = &b
	}
	if v := f["within"]; v != nil {
		e.Within, _ = p.duration(v, what+" within")
	}
	return p.device(f["device"], what+" device"), e
}

func reasonNames() []string {
	out := make([]string, len(protocol.Reasons))
	for i, r := range protocol.Reasons {
		out[i] = string(r)
	}
	return out
}

func (p *parser) expectNoNotification(n *yaml.Node, what string) (string, *Expect) {
	f := p.fields(n, what, "device", "message", "for", "reason")
	p.required(n, f, what, "device", "message")
	e := &Expect{Message: p.message(f["message"], what+" message"), For: DefaultFor}
	if v := f["for"]; v != nil {
		e.For, _ = p.duration(v, what+" for")
	}
	if v := f["reason"]; v != nil {
		e.Reason = protocol.Reason(p.oneOf(v, what+" reason", reasonNames()...))
	}
	return p.device(f["device"], what+" device"), e
}

func (p *parser) expectIntent(n *yaml.Node, what string) (string, *Expect) {
	f := p.fields(n, what, "device", "action", "component", "url", "extras", "absent_extras", "receiver_content")
	p.required(n, f, what, "device")
	e := &Expect{Action: p.str(f["action"], what+" action"), Component: p.str(f["component"], what+" component"),
		URL: p.str(f["url"], what+" url"), AbsentExtras: p.strings(f["absent_extras"], what+" absent_extras")}
	if v := f["extras"]; v != nil {
		if v.Kind != yaml.MappingNode {
			p.at(v, "write extras: {ext: '...'}", "%s extras must be a mapping", what)
		} else {
			e.Extras = map[string]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				e.Extras[v.Content[i].Value] = p.str(v.Content[i+1], what+" extra "+v.Content[i].Value)
			}
		}
	}
	if v := f["receiver_content"]; v != nil {
		c := p.str(v, what+" receiver_content")
		e.ReceiverContent = &c
	}
	return p.device(f["device"], what+" device"), e
}
