package huawei

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/pushsim/pushsim/mockvendors/oauth"
	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// CredBadgeClass is the certificate field holding the IM console's badge
// parameter for Huawei and Honor: the full class name of the app's
// launcher Activity.
const CredBadgeClass = "badge_class"

// Push sends one IM offline push to the request's token with the
// certificate's app_id and app_secret, and maps the answer for that token
// to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	appID, secret := req.Cert.Credential("app_id"), req.Cert.Credential("app_secret")
	resp, err := c.Send(ctx, appID, secret, RequestFor(req))
	if err != nil {
		var te *oauth.TokenError
		if errors.As(err, &te) {
			return protocol.PushResult{Code: te.Code, Message: err.Error(), Reason: protocol.ReasonVendorAuthFailed}
		}
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	code := resp.CodeFor(req.Token)
	res := protocol.PushResult{Code: code, Reason: ReasonFor(code, resp.Status), Message: resp.Msg}
	if res.Reason == protocol.ReasonNone {
		res.VendorMsgID, res.Message = resp.RequestID, CodeText(code)
	}
	return res
}

// RequestFor maps an IM push onto messages:send as Tencent IM does: Title
// and Desc into android.notification; the certificate's click action into
// click_action (see ClickFor); AndroidInfo's HuaWeiChannelID, HuaWeiImportance
// (default NORMAL), HuaWeiCategory and PushStyle 1 (big text); the
// certificate's badge_class into a badge adding 1; the IM message key as
// bi_tag; the certificate's receipt_url as receipt_id; kept for a day.
func RequestFor(req protocol.PushRequest) SendRequest {
	n := &AndroidNotification{Title: req.Title, Body: req.Desc, ClickAction: ClickFor(req), Importance: ImportanceNormal}
	a := &AndroidConfig{TTL: "86400s", BiTag: req.MsgKey, Notification: n}
	if ai := req.Android; ai != nil {
		n.ChannelID = ai.HuaWeiChannelID
		if ai.HuaWeiImportance != "" {
			n.Importance = strings.ToUpper(ai.HuaWeiImportance)
		}
		if ai.PushStyle == 1 && req.Desc != "" {
			n.Style, n.BigTitle, n.BigBody = 1, req.Title, req.Desc
		}
		a.Category = ai.HuaWeiCategory
	}
	if class := req.Cert.Credential(CredBadgeClass); class != "" {
		n.Badge = &Badge{AddNum: 1, Class: class}
	}
	a.ReceiptID = req.Cert.Credential(protocol.CredReceiptURL)
	return SendRequest{Message: &Message{Android: a, Token: []string{req.Token}}}
}

// ClickFor maps the certificate's click action and Ext onto click_action:
//   - open_url: type 2 with the URL (Ext never travels with a URL);
//   - open_activity: type 1 with an intent for the Activity; Ext is the
//     intent extra "ext" when AndroidInfo.ExtAsHuaweiIntentParam is 1, and
//     otherwise the "ext" query parameter of its data URI
//     pushscheme://<package>/detail (the "Action param");
//   - open_app: type 3, or with Ext a type 1 launcher intent (MAIN,
//     LAUNCHER, the package) carrying the extra "ext", since type 3 takes
//     no extras.
func ClickFor(req protocol.PushRequest) *ClickAction {
	pkg := req.Cert.Package
	switch req.Cert.Click.Action {
	case protocol.ClickOpenURL:
		return &ClickAction{Type: ClickURL, URL: req.Cert.Click.URL}
	case protocol.ClickOpenActivity:
		act := req.Cert.Click.Activity
		if pkg == "" {
			pkg = packageOf(act)
		}
		in := Intent{Package: pkg, Component: act, Flags: FlagActivityClearTop}
		if req.Ext != "" {
			if req.Android != nil && req.Android.ExtAsHuaweiIntentParam == 1 {
				in.Extras = map[string]string{"ext": req.Ext}
			} else {
				in.Data = PushScheme + "://" + pkg + "/detail?ext=" + url.QueryEscape(req.Ext)
			}
		}
		return &ClickAction{Type: ClickIntent, Intent: in.URI()}
	}
	if req.Ext == "" {
		return &ClickAction{Type: ClickApp}
	}
	return &ClickAction{Type: ClickIntent, Intent: LauncherIntent(pkg, map[string]string{"ext": req.Ext}).URI()}
}

// packageOf guesses an Activity's package from its class name.
func packageOf(class string) string {
	if i := strings.LastIndexByte(class, '.'); i > 0 {
		return class[:i]
	}
	return class
}
