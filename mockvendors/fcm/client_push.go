package fcm

import (
	"context"
	"errors"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// CodeOK is PushResult.Code for an accepted message (FCM answers HTTP 200
// with no code of its own).
const CodeOK = "200"

// Push sends one IM offline push to the request's token for the
// certificate's project_id, authenticated with its service_account when it
// has one, and maps the answer to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	project := req.Cert.Credential("project_id")
	var sa *ServiceAccount
	if raw := req.Cert.Credential("service_account"); raw != "" {
		var err error
		if sa, err = ParseServiceAccount(raw); err != nil {
			return protocol.PushResult{Code: "invalid_service_account", Message: err.Error(), Reason: protocol.ReasonVendorAuthFailed}
		}
	}
	res, err := c.Send(ctx, project, sa, SendRequest{Message: MessageFor(req)})
	var refused *TokenRefused
	switch {
	case errors.As(err, &refused):
		return protocol.PushResult{Code: refused.TokenError.Error, Message: refused.Description, Reason: protocol.ReasonVendorAuthFailed}
	case err != nil:
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	case res.Error == nil:
		return protocol.PushResult{VendorMsgID: res.MessageID(), Code: CodeOK}
	}
	code := string(res.Error.FcmCode())
	if code == "" {
		code = res.Error.Error.Status
	}
	return protocol.PushResult{Code: code, Message: res.Error.Error.Message, Reason: ReasonFor(*res.Error)}
}

// MessageFor maps an IM push onto an FCM notification message for the
// token, sent at high priority:
//   - Title and Desc become notification.title and body;
//   - Ext, when set, becomes data["ext"], which the FCM SDK puts in the
//     tapped notification's intent extras;
//   - the click action: open_app sends no click_action (the SDK opens the
//     launcher Activity); open_activity sends click_action = the Activity's
//     class name (the app declares that action in the Activity's intent
//     filter); open_url sends click_action android.intent.action.VIEW and
//     the URL in data["url"], since HTTP v1 has no Android link field;
//   - AndroidInfo.GoogleChannelID becomes android.notification.channel_id
//     and Sound its sound (a raw resource name; Android 8+ plays the
//     channel's sound instead).
func MessageFor(req protocol.PushRequest) *Message {
	m := &Message{Token: req.Token, Notification: &Notification{Title: req.Title, Body: req.Desc}}
	data := map[string]string{}
	if req.Ext != "" {
		data["ext"] = req.Ext
	}
	an := &AndroidNotification{}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenActivity:
		an.ClickAction = req.Cert.Click.Activity
	case protocol.ClickOpenURL:
		an.ClickAction = ViewAction
		data["url"] = req.Cert.Click.URL
	}
	if a := req.Android; a != nil {
		an.ChannelID, an.Sound = a.GoogleChannelID, a.Sound
	}
	m.Android = &AndroidConfig{Priority: "high"}
	if an.ClickAction != "" || an.ChannelID != "" || an.Sound != "" {
		m.Android.Notification = an
	}
	if len(data) > 0 {
		m.Data = data
	}
	return m
}

// ReasonFor maps an error answer to the reason a notification did not
// arrive: UNREGISTERED and an INVALID_ARGUMENT about the token mean the
// token is no good; SENDER_ID_MISMATCH (the token belongs to another
// project), a refused or missing token and a project the caller may not
// use mean the credentials are wrong; QUOTA_EXCEEDED is a rate limit.
func ReasonFor(r ErrorResponse) protocol.Reason {
	switch r.FcmCode() {
	case ErrUnregistered:
		return protocol.ReasonVendorTokenInvalid
	case ErrSenderIDMismatch, ErrThirdPartyAuth:
		return protocol.ReasonVendorAuthFailed
	case ErrQuotaExceeded:
		return protocol.ReasonVendorRateLimited
	case ErrUnavailable:
		return protocol.ReasonVendorUnavailable
	case ErrInvalidArgument:
		for _, v := range r.Violations() {
			if v.Field == "message.token" {
				return protocol.ReasonVendorTokenInvalid
			}
		}
		return protocol.ReasonVendorError
	case "":
		switch r.Error.Status {
		case StatusUnauthenticated, StatusPermissionDenied:
			return protocol.ReasonVendorAuthFailed
		case StatusResourceExhausted:
			return protocol.ReasonVendorRateLimited
		}
	}
	return protocol.ReasonVendorError
}
