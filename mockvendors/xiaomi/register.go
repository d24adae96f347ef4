package xiaomi

import (
	"github.com/pushsim/pushsim/protocol"
)

// Register result codes, as MiPushCommandMessage.getResultCode() reports
// them to onReceiveRegisterResult (the SDK's ErrorCode, recalled
// [unverified]): 0 success, 70000002 a bad request, 70000004 an
// authentication error (unknown App ID, wrong App Key or package).
const (
	RegisterOK             = "0"
	RegisterInvalidRequest = "70000002"
	RegisterAuthError      = "70000004"
)

// register decides a device registration (MiPushClient.registerPush(
// context, appId, appKey)) as the MiPush service does: the App ID must
// name a registered app, and the App Key and package must be that app's
// (when the app has them). The answer carries code "0" and the regId.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	var code, msg string
	switch {
	case req.AppID == "" || req.Package == "":
		code, msg = RegisterInvalidRequest, "appId and package are required"
	case !ok:
		code, msg = RegisterAuthError, "unknown appId"
	case app.Key != "" && req.AppKey != app.Key:
		code, msg = RegisterAuthError, "appKey does not match the appId"
	case app.Package != "" && req.Package != app.Package:
		code, msg = RegisterAuthError, "the package is not the one registered for the appId"
	}
	if code != "" {
		return protocol.RegisterStatus{Code: code, Message: msg}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewRegID(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
