package meizu

import (
	"context"
	"unicode/utf8"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push through pushByPushId, signed with the
// certificate's app_id and app_secret, and maps the answer for the
// request's token to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	appID, secret := req.Cert.Credential("app_id"), req.Cert.Credential("app_secret")
	resp, err := c.PushByPushID(ctx, appID, secret, []string{req.Token}, NoticeFor(req))
	if err != nil {
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	code := resp.CodeFor(req.Token)
	res := protocol.PushResult{VendorMsgID: resp.MsgID, Code: code, Reason: ReasonFor(code, !resp.OK())}
	if resp.OK() {
		res.Message = CodeText(code)
	} else {
		res.Message = resp.Message
	}
	return res
}

// NoticeFor maps an IM push onto a notification-bar message: Title and
// Desc (cut to 32 and 100 characters, the API's limits) into noticeBarInfo
// as a private message unless AndroidInfo.MeiZuNoticeMsgType says
// otherwise; the certificate's click action into clickTypeInfo; Ext, when
// set, into parameters as {"ext": Ext}; kept offline for 24 hours.
func NoticeFor(req protocol.PushRequest) NoticeMessage {
	msgType := NoticeMsgPrivate
	if req.Android != nil && req.Android.MeiZuNoticeMsgType != nil {
		msgType = *req.Android.MeiZuNoticeMsgType
	}
	click := &ClickTypeInfo{ClickType: ClickApp}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenActivity:
		click.ClickType, click.Activity = ClickActivity, req.Cert.Click.Activity
	case protocol.ClickOpenURL:
		click.ClickType, click.URL = ClickURI, req.Cert.Click.URL
	}
	if req.Ext != "" {
		click.Parameters = Parameters{"ext": req.Ext}
	}
	msg := NoticeMessage{
		NoticeBarInfo: NoticeBarInfo{NoticeMsgType: FlexInt(msgType), Title: cut(req.Title, MaxTitle), Content: cut(req.Desc, MaxContent)},
		ClickTypeInfo: click,
		PushTimeInfo:  &PushTimeInfo{OffLine: Int(1), ValidTime: Int(DefaultValidHours)},
	}
	if cb := req.Cert.Credential(protocol.CredReceiptURL); cb != "" {
		msg.Extra = &Extra{Callback: cb, CallbackParam: req.MsgKey}
	}
	return msg
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n { // []rune(s) has as many
		return s
	}
	return string([]rune(s)[:n])
}
