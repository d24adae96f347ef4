package apns

import (
	"github.com/pushsim/pushsim/protocol"
)

// Registration status codes the device channel answers with: RegisterOK
// with the token (didRegisterForRemoteNotificationsWithDeviceToken), or
// RegisterNoEntitlement (didFailToRegisterForRemoteNotificationsWithError,
// Cocoa error 3000) when no app with the bundle ID is set up for push.
const (
	RegisterOK            = "OK"
	RegisterNoEntitlement = "3000"
)

// register decides a registration. The bundle ID is the request's AppID
// (Package when AppID is empty); it must be an app registered for push,
// and the installed app (Package, when given) must be that bundle.
func (s *Server) register(req protocol.RegisterRequest, n int) protocol.RegisterStatus {
	bundle := bundleOf(req)
	if bundle == "" || !s.apps.Has(bundle) || (req.Package != "" && req.Package != bundle) {
		return protocol.RegisterStatus{Code: RegisterNoEntitlement,
			Message: "no valid 'aps-environment' entitlement string found for application"}
	}
	return protocol.RegisterStatus{Code: RegisterOK, Token: NewDeviceToken(s.cfg.Seed, bundle, req.DeviceID, n)}
}

func bundleOf(req protocol.RegisterRequest) string {
	if req.AppID != "" {
		return req.AppID
	}
	return req.Package
}
