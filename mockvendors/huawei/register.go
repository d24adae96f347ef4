package huawei

import (
	"github.com/pushsim/pushsim/protocol"
)

// Device registration result codes (HmsInstanceId.getToken), as the
// device channel's register_status carries them.
const (
	// RegisterOK is a token issued.
	RegisterOK = "0"
	// RegisterArgumentsInvalid is a registration without an App ID.
	RegisterArgumentsInvalid = "907135000"
	// RegisterNoRight is an App ID unknown to AppGallery Connect, or a
	// package that is not the app's (a stale agconnect-services.json).
	RegisterNoRight = "907122036"
)

var registerText = map[string]string{
	RegisterArgumentsInvalid: "arguments invalid: no app ID",
	RegisterNoRight:          "no right: the app ID and package do not match an app in AppGallery Connect",
}

// register decides a device registration (HmsInstanceId.getToken with
// the App ID from agconnect-services.json) as the HMS push service does:
// the app must exist and the package match, or the answer is 907122036.
// Success is code "0" and the push token.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	code := ""
	switch {
	case req.AppID == "":
		code = RegisterArgumentsInvalid
	case !ok, app.Package != "" && req.Package != app.Package:
		code = RegisterNoRight
	}
	if code != "" {
		return protocol.RegisterStatus{Code: code, Message: registerText[code]}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewToken(s.cfg.Seed, req.AppID, req.DeviceID, n)}
}
