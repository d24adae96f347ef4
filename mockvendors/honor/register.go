package honor

import (
	"github.com/pushsim/pushsim/protocol"
)

// Device registration results (HonorPushClient.getPushToken), as the
// device channel's register_status carries them. Honor's client error
// codes are not public; the failures use pushsim's names.
const (
	// RegisterOK is a token issued.
	RegisterOK = "0"
	// RegisterNoAppID: the manifest has no com.hihonor.push.app_id.
	RegisterNoAppID = "app_id_missing"
	// RegisterUnknownApp: no app on the Honor developer site has the ID.
	RegisterUnknownApp = "app_id_invalid"
	// RegisterPackageMismatch: the app ID belongs to another package
	// (mcs-services.json names app_id and package_name).
	RegisterPackageMismatch = "package_mismatch"
)

var registerText = map[string]string{
	RegisterNoAppID:         "no com.hihonor.push.app_id in the manifest",
	RegisterUnknownApp:      "no app on the Honor developer site has this app ID",
	RegisterPackageMismatch: "the app ID belongs to another package",
}

// register decides a device registration (getPushToken with the app ID
// from the manifest): the app must exist and the package match. Success
// is code "0" and the push token.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	code := ""
	switch {
	case req.AppID == "":
		code = RegisterNoAppID
	case !ok:
		code = RegisterUnknownApp
	case app.Package != "" && req.Package != app.Package:
		code = RegisterPackageMismatch
	}
	if code != "" {
		return protocol.RegisterStatus{Code: code, Message: registerText[code]}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewToken(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
