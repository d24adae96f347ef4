package fakeim

import (
	"strconv"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Online states of an instance (Tencent's 在线状态管理, plus Background).
const (
	// StateOnline: the socket is up and the app in the foreground; messages
	// go over the socket and no push is sent.
	StateOnline = "Online"
	// StateBackground: doBackground was called and the socket is still up;
	// messages go over the socket and are pushed too.
	StateBackground = "Background"
	// StatePushOnline: the socket is gone but the user did not log out;
	// messages are pushed.
	StatePushOnline = "PushOnline"
	// StateOffline: logged out, kicked, expired or never logged in; nothing
	// is delivered.
	StateOffline = "Offline"
)

// Causes of a state change (what InstanceState reports beside the state).
const (
	CauseLogin         = "login"           // Login ← Register
	CauseBackground    = "doBackground"    // doBackground
	CauseForeground    = "doForeground"    // doForeground
	CauseLinkClose     = "LinkClose"       // Disconnect ← FIN/RST (app killed)
	CauseTimeOut       = "TimeOut"         // Disconnect ← 400 s heartbeat timeout
	CauseLogout        = "logout"          // Logout ← Unregister
	CauseKicked        = "kicked"          // kicked by a login elsewhere or a REST kick
	CauseExpired       = "expired"         // 7 days in PushOnline
	CauseNeverLoggedIn = "never_logged_in" // no instance with this ID
)

// Who kicked an instance (protocol.KickedEvent.By).
const (
	KickedByLogin = "login"
	KickedByREST  = "rest"
)

// instKey identifies an instance: a user on a device.
type instKey struct{ user, id string }

// instance is one user's login on one device.
type instance struct {
	user     string
	id       string // the device (instance) ID
	platform string
	state    string
	cause    string
	since    time.Time

	conn      *wsConn // the socket while Online or Background
	certID    int64   // the reported certificate ID; 0 when unbound
	token     string  // the reported vendor token
	sigTimer  *timer  // fires onUserSigExpired
	pushTimer *timer  // ends PushOnline after PushOnlineLifetime
}

// bound reports whether the instance has a (certificate ID, token) binding.
func (in *instance) bound() bool { return in.token != "" }

// mobilePlatforms are the platforms the multi-terminal policy counts as
// mobile.
var mobilePlatforms = map[string]bool{"Android": true, "iPhone": true, "iPad": true, "iOS": true}

// pushPlatforms are the platforms that have a PushOnline state; other
// platforms go Offline when their socket drops.
var pushPlatforms = map[string]bool{"Android": true, "iPhone": true, "iPad": true, "iOS": true, "Mac": true}

// setStateLocked moves in to state for cause, records an im.state event
// (extra details as key, value pairs) and manages the timers that hang on
// the state. s.mu must be held.
func (s *Server) setStateLocked(in *instance, state, cause string, extra ...string) {
	prev := in.state
	in.state, in.cause, in.since = state, cause, time.Now()
	s.stopTimerLocked(in.pushTimer)
	in.pushTimer = nil
	if state != StateOnline && state != StateBackground {
		s.stopTimerLocked(in.sigTimer)
		in.sigTimer = nil
	}
	if state == StatePushOnline {
		in.pushTimer = s.afterLocked(PushOnlineLifetime, func() {
			s.setStateLocked(in, StateOffline, CauseExpired)
		})
	}
	details := map[string]string{"user": in.user, "state": state, "cause": cause, "platform": in.platform}
	if prev != "" {
		details["from"] = prev
	}
	for i := 0; i+1 < len(extra); i += 2 {
		details[extra[i]] = extra[i+1]
	}
	s.record(trace.Event{Kind: trace.IMState, Device: in.id, Details: details})
}

// unbindLocked drops the instance's (certificate ID, token) binding and
// records it. s.mu must be held.
func (s *Server) unbindLocked(in *instance, why string) {
	if !in.bound() && in.certID == 0 {
		return
	}
	cert := in.certID
	s.instances.setBinding(in, binding{})
	s.record(trace.Event{Kind: trace.IMToken, Device: in.id, Details: map[string]string{
		"user": in.user, "event": "unbound", "certificate": strconv.FormatInt(cert, 10), "cause": why,
	}})
}

// offlineReason is the route reason for a message to an Offline instance.
func offlineReason(cause string) protocol.Reason {
	switch cause {
	case CauseKicked:
		return protocol.ReasonKicked
	case CauseExpired:
		return protocol.ReasonExpired
	}
	return protocol.ReasonLoggedOut
}

// userInstancesLocked returns user's instances sorted by device ID.
// s.mu must be held.
func (s *Server) userInstancesLocked(user string) []*instance {
	return append([]*instance(nil), s.instances.user(user)...)
}
