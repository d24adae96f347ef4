package honor

import (
	"context"
	"errors"
	"strings"

	hms "github.com/pushsim/pushsim/mockvendors/huawei"
	"github.com/pushsim/pushsim/mockvendors/oauth"
	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push to the request's token with the
// certificate's app_id, client_id and client_secret, and maps the answer
// for that token to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	cert := req.Cert
	resp, err := c.Send(ctx, cert.Credential("app_id"), cert.Credential("client_id"), cert.Credential("client_secret"), MessageFor(req))
	if err != nil {
		var te *oauth.TokenError
		if errors.As(err, &te) {
			return protocol.PushResult{Code: te.Code, Message: err.Error(), Reason: protocol.ReasonVendorAuthFailed}
		}
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	code := resp.CodeFor(req.Token)
	res := protocol.PushResult{Code: codeString(code), Reason: ReasonFor(code, resp.Status), Message: resp.Message}
	if res.Reason == protocol.ReasonNone {
		res.VendorMsgID = resp.RequestID()
	} else if code != resp.Code {
		res.Message = CodeText(code)
	}
	return res
}

// MessageFor maps an IM push onto sendMessage: Title and Desc into
// android.notification; the certificate's click action into clickAction
// (see ClickFor); AndroidInfo's HonorImportance (default NORMAL) and
// PushStyle 1 (big text); the certificate's badge_class into a badge
// adding 1; the IM message key as biTag; kept for a day.
func MessageFor(req protocol.PushRequest) SendMessageRequest {
	n := &AndroidNotification{Title: req.Title, Body: req.Desc, ClickAction: ClickFor(req), Importance: ImportanceNormal}
	if ai := req.Android; ai != nil {
		if ai.HonorImportance != "" {
			n.Importance = strings.ToUpper(ai.HonorImportance)
		}
		if ai.PushStyle == 1 && req.Desc != "" {
			n.Style, n.BigTitle, n.BigBody = 1, req.Title, req.Desc
		}
	}
	if class := req.Cert.Credential(hms.CredBadgeClass); class != "" {
		n.Badge = &Badge{AddNum: 1, BadgeClass: class}
	}
	return SendMessageRequest{
		Android: &AndroidConfig{TTL: "86400s", BiTag: req.MsgKey, Notification: n},
		Token:   []string{req.Token},
	}
}

// ClickFor maps the certificate's click action and Ext onto clickAction:
// open_url is type 2 (Honor takes HTTPS URLs only, so an http:// URL is
// refused); open_activity a type 1 intent for the Activity carrying the
// extra "ext"; open_app type 3, or with Ext a type 1 launcher intent
// carrying "ext".
func ClickFor(req protocol.PushRequest) *ClickAction {
	pkg := req.Cert.Package
	var extras map[string]string
	if req.Ext != "" {
		extras = map[string]string{"ext": req.Ext}
	}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenURL:
		return &ClickAction{Type: ClickURL, URL: req.Cert.Click.URL}
	case protocol.ClickOpenActivity:
		act := req.Cert.Click.Activity
		if pkg == "" {
			if i := strings.LastIndexByte(act, '.'); i > 0 {
				pkg = act[:i]
			}
		}
		in := hms.Intent{Package: pkg, Component: act, Flags: hms.FlagActivityClearTop, Extras: extras}
		return &ClickAction{Type: ClickIntent, Intent: in.URI()}
	}
	if extras == nil {
		return &ClickAction{Type: ClickApp}
	}
	return &ClickAction{Type: ClickIntent, Intent: hms.LauncherIntent(pkg, extras).URI()}
}
