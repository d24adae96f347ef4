package meizu

import (
	"github.com/pushsim/pushsim/protocol"
)

// register decides a device registration (PushManager.register(context,
// appId, appKey)) as the Flyme push service does: the app must exist
// (110000), the App Key must match when the app has one (110001) and so
// must the package (110031); a blacklisted app is refused (110009). The
// answer carries code "200" and the PushId.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	var code string
	switch {
	case req.AppID == "":
		code = CodeParamEmpty
	case !ok:
		code = CodeBadAppID
	case app.Key != "" && req.AppKey != app.Key:
		code = CodeBadAppKey
	case app.Package != "" && req.Package != app.Package:
		code = CodeBadPackage
	case s.opts.blacklist[req.AppID]:
		code = CodeAppBlacklisted
	}
	if code != "" {
		return protocol.RegisterStatus{Code: code, Message: CodeText(code)}
	}
	return protocol.RegisterStatus{Code: CodeOK, Token: NewPushID(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
