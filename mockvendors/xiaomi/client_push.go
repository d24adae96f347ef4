package xiaomi

import (
	"context"
	"hash/fnv"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push to the request's regId through
// /v3/message/regid, authenticated with the certificate's app_secret,
// and maps the answer to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	resp, err := c.SendToRegIDs(ctx, req.Cert.Credential("app_secret"), []string{req.Token}, MessageFor(req))
	if err != nil {
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	res := protocol.PushResult{Code: codeString(resp.Code), Reason: ReasonFor(resp.Code)}
	if resp.OK() {
		res.VendorMsgID, res.Message = resp.Send().ID, resp.Info
		return res
	}
	res.Message = resp.Description
	if resp.Reason != "" {
		res.Message += ": " + resp.Reason
	}
	return res
}

// MessageFor maps an IM push onto a notification-bar message, as Tencent
// IM sends to Xiaomi:
//   - Title and Desc as title and description, cut to the API's limits;
//   - restricted_package_name is the certificate's package;
//   - the click action as extra.notify_effect: open_app 1 (launcher),
//     open_activity 2 with extra.intent_uri naming the Activity, open_url
//     3 with extra.web_uri;
//   - Ext, when set, as the custom pair extra.ext (MiPushMessage.getExtra()
//     "ext", which the receiver and the launched Activity read) and, for
//     open_activity, also as the intent URI's string extra S.ext, so the
//     Activity's intent carries "ext" directly;
//   - AndroidInfo.XiaoMiChannelID as extra.channel_id (required on
//     Android 8+), AndroidInfo.Sound as extra.sound_uri;
//   - a notify_id per IM message, so that messages do not replace each
//     other in the tray;
//   - receipts of both types to the certificate's receipt_url, with the
//     IM message key as callback.param.
func MessageFor(req protocol.PushRequest) Message {
	pkg := req.Cert.Package
	if pkg == "" {
		pkg = req.Cert.Credential("package")
	}
	m := Message{
		Title: cut(req.Title, TitleLimit-1), Description: cut(req.Desc, DescriptionLimit-1),
		NotifyType: Int(-1), Extra: map[string]string{},
	}
	if pkg != "" {
		m.RestrictedPackageNames = []string{pkg}
	}
	if req.MsgKey != "" {
		m.NotifyID = Int(notifyID(req.MsgKey))
	}
	switch c := req.Cert.Click; c.Action {
	case protocol.ClickOpenActivity:
		i := IntentURI{Package: pkg, Component: c.Activity}
		if req.Ext != "" {
			i.Extras = map[string]string{"ext": req.Ext}
		}
		m.Extra[ExtraNotifyEffect], m.Extra[ExtraIntentURI] = EffectIntent, i.String()
	case protocol.ClickOpenURL:
		m.Extra[ExtraNotifyEffect], m.Extra[ExtraWebURI] = EffectWeb, c.URL
	default:
		m.Extra[ExtraNotifyEffect] = EffectLauncher
	}
	if req.Ext != "" {
		m.Extra["ext"] = req.Ext
	}
	if a := req.Android; a != nil {
		if a.XiaoMiChannelID != "" {
			m.Extra[ExtraChannelID] = a.XiaoMiChannelID
		}
		if a.Sound != "" && pkg != "" {
			m.Extra[ExtraSoundURI] = "android.resource://" + pkg + "/raw/" + a.Sound
		}
	}
	if cb := req.Cert.Credential(protocol.CredReceiptURL); cb != "" {
		m.Extra[ExtraCallback] = cb
		m.Extra[ExtraCallbackParam] = req.MsgKey
		m.Extra[ExtraCallbackType] = strconv.Itoa(ReceiptDelivered | ReceiptClicked)
	}
	return m
}

// notifyID derives a stable notify_id from the IM message key.
func notifyID(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() & 0x7fffffff)
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
