package vivo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

var _ protocol.Pusher = (*Client)(nil)

// Push sends one IM offline push through /message/send, authenticated with
// the certificate's app_id, app_key and app_secret, and maps the answer
// to a PushResult.
func (c *Client) Push(ctx context.Context, req protocol.PushRequest) protocol.PushResult {
	cr := Credentials{AppID: req.Cert.Credential("app_id"), AppKey: req.Cert.Credential("app_key"), AppSecret: req.Cert.Credential("app_secret")}
	m := MessageFor(req)
	if c.test {
		m.PushMode = Int(1)
	}
	resp, err := c.Send(ctx, cr, m)
	if err != nil {
		var e *APIError
		if errors.As(err, &e) {
			return protocol.PushResult{Code: strconv.Itoa(e.Code), Message: e.Message, Reason: ReasonFor(e.Code)}
		}
		return protocol.PushResult{Message: err.Error(), Reason: protocol.ReasonVendorUnavailable}
	}
	return protocol.PushResult{VendorMsgID: resp.TaskID, Code: strconv.Itoa(resp.Result), Message: resp.Desc, Reason: ReasonFor(resp.Result)}
}

// MessageFor maps an IM push onto a /message/send body for the token:
// Title and Desc (cut to 40 and 100 Latin-character widths) with
// notifyType 2 (ring); the certificate's click action as skipType 1 (the
// app), 2 (a web page) or 4 (an intent URI naming the Activity); Ext,
// when set, as clientCustomMap {"ext": Ext}, which reaches the opened
// Activity as an intent extra; AndroidInfo.VIVOClassification as
// classification (default 1, system, as IM sends it) and VIVOCategory as
// category; kept a day; receipts to the certificate's receipt_url with
// the IM message key. The requestId is derived from the IM message key
// and the token, so a retried push is not sent twice.
func MessageFor(req protocol.PushRequest) SendMessage {
	m := SendMessage{
		RegID: req.Token, NotifyType: 2, Title: cutWidth(req.Title, MaxTitleWidth), Content: cutWidth(req.Desc, MaxContentWidth),
		TimeToLive: Int(DefaultTimeToLive), SkipType: SkipApp, NetworkType: Int(-1), Classification: Int(ClassSystem),
		PushMode: Int(0), RequestID: requestID(req),
	}
	switch req.Cert.Click.Action {
	case protocol.ClickOpenURL:
		m.SkipType, m.SkipContent = SkipURL, req.Cert.Click.URL
	case protocol.ClickOpenActivity:
		m.SkipType, m.SkipContent = SkipActivity, IntentURI(req.Cert.Package, req.Cert.Click.Activity)
	}
	if req.Ext != "" {
		m.ClientCustomMap = CustomMap{"ext": req.Ext}
	}
	if a := req.Android; a != nil {
		if a.VIVOClassification != nil {
			m.Classification = Int(int64(*a.VIVOClassification))
		}
		m.Category = a.VIVOCategory
	}
	if cb := req.Cert.Credential(protocol.CredReceiptURL); cb != "" {
		m.Extra = &Extra{Callback: cb, CallbackParam: cut(req.MsgKey, MaxCallbackParam)}
	}
	return m
}

// IntentURI writes the intent URI that opens activity (a full class name)
// in package pkg; an empty pkg is taken from the class name.
func IntentURI(pkg, activity string) string {
	return protocol.IntentURI{ComponentPackage: pkg, Component: activity}.String()
}

// requestID is a UUID-shaped ID from the IM message key and the token
// (from the time as well when there is no key).
func requestID(req protocol.PushRequest) string {
	seed := req.MsgKey + "\x00" + req.Token
	if req.MsgKey == "" {
		seed += "\x00" + req.Title + "\x00" + req.Desc + "\x00" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	sum := sha256.Sum256([]byte(seed))
	h := strings.ToUpper(hex.EncodeToString(sum[:16]))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// cutWidth shortens s to at most max width units (see width).
func cutWidth(s string, max int) string {
	n := 0
	for i, r := range s {
		w := width(string(r))
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}

// cut shortens s to at most n characters.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
