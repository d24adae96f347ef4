package fakeim

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
)

// InstanceInfo describes one IM instance (a user on a device).
type InstanceInfo struct {
	User     string    `json:"user"`
	Instance string    `json:"instance"`
	Platform string    `json:"platform"`
	State    string    `json:"state"`
	Cause    string    `json:"cause,omitempty"`
	Since    time.Time `json:"since"`
	// Connected reports whether the device's socket is up.
	Connected bool `json:"connected"`
	// CertificateID and Token are the reported binding; zero when none.
	CertificateID int64  `json:"certificate_id,omitempty"`
	Token         string `json:"token,omitempty"`
}

// SDKAppID is the application ID.
func (s *Server) SDKAppID() uint64 { return s.cfg.SDKAppID }

// Admin is the App admin account REST calls must use.
func (s *Server) Admin() string { return s.cfg.Admin }

// LoginPolicy is the multi-terminal login policy in force.
func (s *Server) LoginPolicy() string { return s.cfg.LoginPolicy }

// GenUserSig issues a UserSig for user, signed with the server's secret
// key, valid for expire from now. As an app server would, it hands out
// the user's last one again while more than half its lifetime is left and
// no kick has invalidated it: signing (and compressing) a fresh one for
// every REST call or login is the costly part of a big fleet.
func (s *Server) GenUserSig(user string, expire time.Duration) (string, error) {
	now := time.Now()
	s.mu.Lock()
	c, ok := s.sigCache[user]
	if ok && c.expire == expire && now.Before(c.issued.Add(expire/2)) && !s.sigInvalidatedLocked(user, c.issued) {
		s.mu.Unlock()
		return c.sig, nil
	}
	s.mu.Unlock()
	sig, err := usersig.Gen(s.cfg.SDKAppID, s.cfg.SecretKey, user, expire, now)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	if len(s.sigCache) >= maxCachedSigs {
		clear(s.sigCache)
	}
	s.sigCache[user] = cachedSig{sig: sig, issued: time.Unix(now.Unix(), 0), expire: expire}
	s.mu.Unlock()
	return sig, nil
}

// maxCachedSigs bounds GenUserSig's cache.
const maxCachedSigs = 1 << 18

// cachedSig is a UserSig GenUserSig issued; issued has the second
// resolution of the sig's own TLS.time.
type cachedSig struct {
	sig    string
	issued time.Time
	expire time.Duration
}

// ImportAccount imports user, as im_open_login_svc/account_import does.
// Importing an existing account is not an error.
func (s *Server) ImportAccount(user string) error {
	if err := checkUserID(user); err != nil {
		return &Error{Code: CodeInvalidParam, Info: err.Error()}
	}
	s.mu.Lock()
	s.importLocked(user, "")
	s.mu.Unlock()
	return nil
}

// HasAccount reports whether user is imported.
func (s *Server) HasAccount(user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.accounts[user]
	return ok
}

// Kick is im_open_login_svc/kick: every instance of user is kicked
// (connected ones get onKickedOffline, by "rest"), loses its binding, and
// every UserSig issued to user before now stops working. It fails with an
// *Error of code 70107 when user is not imported.
func (s *Server) Kick(user string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.kickUserLocked(user); e != nil {
		return e
	}
	return nil
}

// InstanceState returns the state and cause of the latest instance on the
// device instanceID, or (StateOffline, CauseNeverLoggedIn).
func (s *Server) InstanceState(instanceID string) (state, cause string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.byDevice[instanceID]
	if !ok {
		return StateOffline, CauseNeverLoggedIn
	}
	return in.state, in.cause
}

// Instances describes every instance, by device ID then user.
func (s *Server) Instances() []InstanceInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.allInstancesLocked()
	out := make([]InstanceInfo, 0, len(all))
	for _, in := range all {
		out = append(out, InstanceInfo{
			User: in.user, Instance: in.id, Platform: in.platform, State: in.state, Cause: in.cause,
			Since: in.since, Connected: in.conn != nil, CertificateID: in.certID, Token: in.token,
		})
	}
	return out
}

// sortInstances orders instances by device ID, then user.
func sortInstances(ins []*instance) {
	sort.Slice(ins, func(i, j int) bool { return instanceLess(ins[i], ins[j]) })
}

// allInstancesLocked returns every instance, by device ID then user.
// s.mu must be held.
func (s *Server) allInstancesLocked() []*instance { return s.instances.sorted() }

// deviceInstancesLocked returns the instances on device id, by user.
// s.mu must be held.
func (s *Server) deviceInstancesLocked(id string) []*instance {
	return append([]*instance(nil), s.instances.device(id)...)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// String describes the server for logs (never its secret key).
func (s *Server) String() string {
	return fmt.Sprintf("fakeim(sdkappid=%d admin=%s policy=%s)", s.cfg.SDKAppID, s.cfg.Admin, s.cfg.LoginPolicy)
}
