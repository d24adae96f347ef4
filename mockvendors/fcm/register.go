package fcm

import (
	"github.com/pushsim/pushsim/protocol"
)

// Registration status codes the device channel answers with. A success is
// RegisterOK with the token; the failures are the names Google Play
// services gives registration errors.
const (
	RegisterOK             = "OK"
	RegisterInvalidSender  = "INVALID_SENDER"
	RegisterAuthFailed     = "AUTHENTICATION_FAILED"
	RegisterMissingProject = "MISSING_PROJECT_ID"
)

// register decides a device registration (FirebaseMessaging.getToken) as
// Google Play services does with the app's google-services.json: the
// project (AppID, the sender) must exist (INVALID_SENDER) and the app's
// package must be registered in it (AUTHENTICATION_FAILED).
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	app, ok := s.apps.Get(req.AppID)
	switch {
	case req.AppID == "":
		return protocol.RegisterStatus{Code: RegisterMissingProject, Message: "google-services.json names no project"}
	case !ok:
		return protocol.RegisterStatus{Code: RegisterInvalidSender, Message: "no Firebase project " + req.AppID}
	case app.Package != "" && req.Package != app.Package:
		return protocol.RegisterStatus{Code: RegisterAuthFailed, Message: "package " + req.Package + " is not an app of project " + req.AppID}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewToken(s.cfg.Seed, req.AppID, req.Package, req.DeviceID, n)}
}
