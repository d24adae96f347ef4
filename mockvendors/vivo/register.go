package vivo

import (
	"github.com/pushsim/pushsim/protocol"
)

// Register states the push service answers a device SDK's
// PushClient.turnOnPush with (IPushActionListener.onStateChanged).
const (
	RegisterOK     = "0"
	RegisterFailed = "1"
)

// register decides a device registration: the app's App ID and App Key
// (the manifest placeholders com.vivo.push.app_id and api_key) must be
// the app's and the package its own. The answer carries state "0" and
// the regId.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	var msg string
	switch {
	case req.AppID == "":
		msg = "no App ID in the manifest (com.vivo.push.app_id)"
	case !ok:
		msg = "unknown App ID"
	case req.AppKey == "" || (app.Key != "" && req.AppKey != app.Key):
		msg = "the App Key (com.vivo.push.api_key) does not match the app"
	case app.Package != "" && req.Package != app.Package:
		msg = "the package is not registered for the app"
	}
	if msg != "" {
		return protocol.RegisterStatus{Code: RegisterFailed, Message: msg}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewRegID(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
