package simulator

import (
	"context"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// tokenMgr is the seed's ThirdPushTokenMgr: the token from onRegisterStatus,
// whether the user is logged in, and whether the token was reported.
type tokenMgr struct {
	token      string
	isLogin    bool
	isTokenSet bool
}

// setPushTokenToTIM reports (certificate ID, token) with the seed's rules:
// once only, never an empty token, never before login. It is called from
// onRegisterStatus and after login, so a token that arrives after login is
// reported then.
func (d *Device) setPushTokenToTIM(ctx context.Context) {
	d.reportMu.Lock()
	defer d.reportMu.Unlock()
	d.mu.Lock()
	tm := d.tokens
	d.mu.Unlock()
	switch {
	case tm.isTokenSet:
		d.record(trace.DeviceToken, nil, "step", "setPushTokenToTIM", "note", "already reported, ignored")
		return
	case tm.token == "":
		d.record(trace.DeviceToken, nil, "step", "setPushTokenToTIM", "note", "third-party token is empty, not reported")
		return
	case !tm.isLogin:
		d.record(trace.DeviceToken, nil, "step", "setPushTokenToTIM", "note", "not logged in, ignored")
		return
	}
	cfg := protocol.OfflinePushConfig{BusinessID: d.cfg.App.CertificateID, Token: tm.token}
	if err := d.im.setOfflinePushConfig(ctx, cfg); err != nil {
		d.record(trace.DeviceToken, nil, "step", "setOfflinePushConfig", "error", err.Error())
		return
	}
	d.mu.Lock()
	if d.tokens.token == tm.token {
		d.tokens.isTokenSet = true
	}
	d.mu.Unlock()
	d.record(trace.DeviceToken, nil, "step", "setOfflinePushConfig", "certificate", strconv.FormatInt(cfg.BusinessID, 10), "token", cfg.Token, "reported", "true")
}
