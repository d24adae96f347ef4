package apns

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push to the request's device token for the
// certificate's bundle_id, signed with its team_id, key_id and key, and
// maps the answer to a PushResult (Code is the reason, or "200").
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	key, err := ParseKey(req.Cert.Credential("key"))
	if err != nil {
		return protocol.PushResult{Code: ReasonInvalidProviderToken, Message: err.Error(), Reason: protocol.ReasonVendorAuthFailed}
	}
	cred := Credentials{TeamID: req.Cert.Credential("team_id"), KeyID: req.Cert.Credential("key_id"), Key: key}
	n, err := NotificationFor(req)
	if err != nil {
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorError}
	}
	res, err := c.Send(ctx, cred, n)
	if err != nil {
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	if res.Status == http.StatusOK {
		return protocol.PushResult{VendorMsgID: res.ApnsID, Code: strconv.Itoa(res.Status)}
	}
	return protocol.PushResult{VendorMsgID: res.ApnsID, Code: res.Reason, Message: res.Reason, Reason: ReasonFor(res.Status, res.Reason)}
}

// Custom payload keys pushsim's client sets: Ext as "ext" (what TIMPush
// hands the app on tap), the certificate's click action as "url" or
// "activity" for the app to route on (iOS has no system click actions),
// and ApnsInfo.Image as "image" for a notification service extension.
const (
	KeyExt      = "ext"
	KeyURL      = "url"
	KeyActivity = "activity"
	KeyImage    = "image"
)

// NotificationFor maps an IM push onto an alert notification to the
// certificate's bundle_id: alert {title (ApnsInfo.Title overrides the
// push's), subtitle, body}, sound (ApnsInfo.Sound, else "default"), badge
// 1 unless BadgeMode is 1 (pushsim's IM keeps no unread count),
// mutable-content, interruption-level, and the custom keys above. With
// ContentAvailable 1 it is a silent background push instead: aps
// {"content-available":1} only, push type background, priority 5.
func NotificationFor(req protocol.PushRequest) (Notification, error) {
	n := Notification{DeviceToken: req.Token, Topic: req.Cert.Credential("bundle_id"), PushType: "alert", Priority: 10}
	info := req.Apns
	if info == nil {
		info = &protocol.ApnsInfo{}
	}
	p := Payload{Custom: map[string]any{}}
	if info.ContentAvailable == 1 {
		n.PushType, n.Priority = "background", 5
		p.APS.ContentAvailable = 1
	} else {
		title := req.Title
		if info.Title != "" {
			title = info.Title
		}
		p.APS.Alert = Alert{Title: title, Subtitle: info.SubTitle, Body: req.Desc}
		p.APS.Sound = "default"
		if info.Sound != "" {
			p.APS.Sound = info.Sound
		}
		if info.BadgeMode != 1 {
			one := 1
			p.APS.Badge = &one
		}
		if info.MutableContent == 1 {
			p.APS.MutableContent = 1
		}
		p.APS.InterruptionLevel = info.InterruptionLevel
	}
	if req.Ext != "" {
		p.Custom[KeyExt] = req.Ext
	}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenURL:
		p.Custom[KeyURL] = req.Cert.Click.URL
	case protocol.ClickOpenActivity:
		p.Custom[KeyActivity] = req.Cert.Click.Activity
	}
	if info.Image != "" {
		p.Custom[KeyImage] = info.Image
	}
	b, err := json.Marshal(p)
	if err != nil {
		return Notification{}, err
	}
	n.Payload = b
	return n, nil
}
