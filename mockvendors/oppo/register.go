package oppo

import (
	"github.com/pushsim/pushsim/protocol"
)

// Register status codes the ColorOS push service answers a device SDK's
// HeytapPushManager.register with (ICallBackResultService.onRegister's
// responseCode). They reuse the server API's codes.
const (
	RegisterOK         = "0"
	RegisterBadApp     = "14" // App ID or App Key not recognized
	RegisterBadPackage = "27" // the package is not the app's
	RegisterDisabled   = "28"
)

// register decides a device registration: the app must exist and its App
// Key and package match (the SDK registers with the app's credentials from
// its own package); a disabled app is refused. The answer carries code "0"
// and the regId.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	var code, msg string
	switch {
	case req.AppID == "" || !ok:
		code, msg = RegisterBadApp, "unknown App ID"
	case app.Key != "" && req.AppKey != app.Key:
		code, msg = RegisterBadApp, "the App Key does not match the app"
	case app.Package != "" && req.Package != app.Package:
		code, msg = RegisterBadPackage, "the package is not registered for the app"
	case s.opts.disabled[req.AppID]:
		code, msg = RegisterDisabled, CodeText(CodeAppDisabled)
	}
	if code != "" {
		return protocol.RegisterStatus{Code: code, Message: msg}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewRegID(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
