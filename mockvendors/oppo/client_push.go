package oppo

import (
	"context"
	"errors"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push through unicast, authenticated with the
// certificate's app_key and master_secret, and maps the answer to a
// PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	cr := Credentials{AppKey: req.Cert.Credential("app_key"), MasterSecret: req.Cert.Credential("master_secret")}
	resp, err := c.Unicast(ctx, cr, MessageFor(req))
	if err != nil {
		var e *APIError
		if errors.As(err, &e) {
			return protocol.PushResult{Code: itoa(e.Code), Message: e.Message, Reason: ReasonFor(e.Code)}
		}
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	res := protocol.PushResult{Code: itoa(resp.Code), Message: resp.Message, Reason: ReasonFor(resp.Code)}
	if resp.OK() {
		var d UnicastData
		if resp.DataAs(&d) == nil {
			res.VendorMsgID = d.MessageID
		}
	}
	return res
}

// MessageFor maps an IM push onto a unicast message to the token: Title
// and Desc (cut to 32 characters, and to the style's content limit: 200,
// or 128 in the long-text style) as title and content; the
// certificate's click action as click_action_type 0 (open the app), 4
// (an Activity by class name) or 2 (a web page); Ext, when set, as
// action_parameters {"ext": Ext}, which reach the opened Activity as
// intent extras; AndroidInfo.OPPOChannelID as channel_id, OPPOCategory as
// category, PushStyle 1 as the long-text style; kept offline for a day;
// receipts to the certificate's receipt_url with the IM message key.
func MessageFor(req protocol.PushRequest) Message {
	n := &Notification{
		Title:           cut(req.Title, 32),
		Content:         cut(req.Desc, MaxContent),
		ClickActionType: ClickApp,
		OffLine:         Bool(true),
		OffLineTTL:      Int(DefaultOffLineTTL),
	}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenActivity:
		n.ClickActionType, n.ClickActionActivity = ClickActivity, req.Cert.Click.Activity
	case protocol.ClickOpenURL:
		n.ClickActionType, n.ClickActionURL = ClickURL, req.Cert.Click.URL
	}
	if req.Ext != "" {
		n.ActionParameters = Parameters{"ext": req.Ext}
	}
	if a := req.Android; a != nil {
		n.ChannelID, n.Category = a.OPPOChannelID, a.OPPOCategory
		if a.PushStyle == 1 {
			n.Style = Int(StyleLongText)
			n.Content = cut(req.Desc, MaxContentLongText)
		}
	}
	if cb := req.Cert.Credential(protocol.CredReceiptURL); cb != "" {
		n.CallBackURL, n.CallBackParameter = cb, cut(req.MsgKey, MaxCallBackParameter)
	}
	return Message{TargetType: TargetRegID, TargetValue: req.Token, Notification: n}
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

func itoa(n int) string { return strconv.Itoa(n) }
