package fakeim

import (
	"fmt"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// KindLoginRefused is the trace kind of a device login refused because
// its instance ID carries another user's session.
const KindLoginRefused trace.Kind = "im.login_refused"

// loginLocked logs the socket c in as req and returns the client code and
// description. s.mu must be held.
func (s *Server) loginLocked(c *wsConn, req protocol.LoginRequest) (int, string) {
	if req.SDKAppID != 0 && req.SDKAppID != s.cfg.SDKAppID {
		return codeSDKAppIDNotFound, fmt.Sprintf("SDKAppID %d not found (this server is %d)", req.SDKAppID, s.cfg.SDKAppID)
	}
	if err := checkUserID(req.UserID); err != nil {
		return protocol.CodeInvalidArgument, err.Error()
	}
	now := time.Now()
	claims, err := usersig.Verify(s.cfg.SDKAppID, s.cfg.SecretKey, req.UserID, req.UserSig, now)
	if err != nil {
		code := usersig.Code(err)
		if code == usersig.CodeExpired {
			return protocol.CodeUserSigExpired, fmt.Sprintf("UserSig expired (%d): generate a new one and log in again", code)
		}
		return code, fmt.Sprintf("UserSig check failed (%d): %v", code, err)
	}
	if s.sigInvalidatedLocked(req.UserID, claims.Time) {
		return protocol.CodeUserSigExpired, fmt.Sprintf("UserSig invalidated by a kick (%d): generate a new one and log in again", usersig.CodeExpired)
	}
	platform := req.Platform
	if platform == "" {
		platform = "Android"
	}
	id := req.InstanceID
	if id == "" {
		id = req.UserID + "@" + platform
	}
	// An instance ID belongs to the user whose session on it is alive
	// (Online, Background or PushOnline): another user's login with it is
	// refused, whatever her UserSig, so nobody can log a phone out or take
	// its push binding by naming its instance. Once that user logged out
	// (or was kicked, or the session expired) the ID is free again, as
	// when an app switches accounts.
	for _, other := range s.deviceInstancesLocked(id) {
		if other.user != req.UserID && other.state != StateOffline {
			s.record(trace.Event{Kind: KindLoginRefused, Device: id, Details: map[string]string{
				"user": req.UserID, "reason": "instance in use by another user",
			}})
			return CodeInstanceInUse, fmt.Sprintf("instance %q is in use by another user's session (%d): log that user out first, or log in with this device's own instance ID", id, CodeInstanceInUse)
		}
	}
	s.importLocked(req.UserID, "")

	// A login on a socket that already carries another session ends it.
	if old := c.inst; old != nil && (old.user != req.UserID || old.id != id) {
		s.endSessionLocked(old, CauseLogout, "note", "another login on the same connection")
	}
	// The multi-terminal policy.
	for _, other := range s.userInstancesLocked(req.UserID) {
		if other.id != id && other.state != StateOffline && s.policyKicks(platform, other.platform) {
			s.kickLocked(other, KickedByLogin, "by_instance", id, "by_platform", platform)
		}
	}

	key := instKey{req.UserID, id}
	in := s.instances.get(key)
	if in == nil {
		in = &instance{user: req.UserID, id: id}
		s.instances.add(in)
	}
	if in.conn != nil && in.conn != c {
		// The same device logs in again on a new socket (it reconnected
		// before the old one timed out): the old socket is replaced
		// without a kick.
		old := in.conn
		old.inst = nil
		old.closeAfterFlush()
	}
	in.conn, c.inst, in.platform = c, in, platform
	c.authed = true
	s.byDevice[id] = in
	s.setStateLocked(in, StateOnline, CauseLogin)

	s.stopTimerLocked(in.sigTimer)
	in.sigTimer = s.afterLocked(claims.ExpiresAt().Add(time.Second).Sub(now), func() {
		if in.conn == c {
			c.event(protocol.EventUserSigExpired, struct{}{})
		}
	})
	return protocol.CodeOK, ""
}

// policyKicks reports whether a login on platform kicks an instance on
// other under the configured multi-terminal policy.
func (s *Server) policyKicks(platform, other string) bool {
	switch s.cfg.LoginPolicy {
	case PolicyMulti:
		return false
	case PolicyAllMobileKick:
		return platform == other || (mobilePlatforms[platform] && mobilePlatforms[other])
	}
	return platform == other
}

// detachLocked separates an instance from its socket, if any, and returns
// the socket. s.mu must be held.
func detachLocked(in *instance) *wsConn {
	c := in.conn
	in.conn = nil
	if c != nil && c.inst == in {
		c.inst = nil
	}
	return c
}

// endSessionLocked ends a session for cause (logout) without telling the
// device: Offline, binding dropped, a socket other than the caller's is
// closed. s.mu must be held.
func (s *Server) endSessionLocked(in *instance, cause string, extra ...string) {
	detachLocked(in)
	s.setStateLocked(in, StateOffline, cause, extra...)
	s.unbindLocked(in, cause)
}

// kickLocked kicks an instance: it goes Offline (kicked), loses its
// binding, and a connected device gets onKickedOffline before its socket
// is closed. s.mu must be held.
func (s *Server) kickLocked(in *instance, by string, extra ...string) {
	if c := detachLocked(in); c != nil {
		c.event(protocol.EventKickedOffline, protocol.KickedEvent{Code: protocol.CodeKickedByOther, By: by})
		c.closeAfterFlush()
	}
	s.setStateLocked(in, StateOffline, CauseKicked, append([]string{"by", by}, extra...)...)
	s.unbindLocked(in, CauseKicked)
}

// kickUserLocked is im_open_login_svc/kick: every instance of user is
// kicked and every UserSig issued before now stops working. s.mu must be
// held.
func (s *Server) kickUserLocked(user string) *Error {
	a, ok := s.accounts[user]
	if !ok {
		return errorf(CodeAccountNotFound, "account %q is not imported", user)
	}
	a.invalidBefore = time.Unix(time.Now().Unix(), 0)
	for _, in := range s.userInstancesLocked(user) {
		if in.state != StateOffline {
			s.kickLocked(in, KickedByREST)
		}
	}
	return nil
}
