package fakeim

import "time"

// Receive options (V2TIMReceiveMessageOpt) a user can set for C2C messages
// from given senders.
const (
	RecvOptReceive     = 0 // online receive and offline push
	RecvOptNotReceive  = 1 // nothing
	RecvOptOnlineOnly  = 2 // online receive, no offline push
	maxRecvOptUsers    = 30
	maxImportBatch     = 100
	maxQueryAccounts   = 500
	maxBatchSendTarget = 500
)

// account is an imported user.
type account struct {
	id   string
	nick string
	// invalidBefore rejects UserSigs issued (TLS.time) before it: set by a
	// REST kick, which invalidates every UserSig issued so far.
	invalidBefore time.Time
	// recvOpt is the receive option per sender.
	recvOpt map[string]int
}

func newAccount(id string) *account {
	return &account{id: id, recvOpt: map[string]int{}}
}

// importLocked imports user (idempotent) and returns the account.
// s.mu must be held.
func (s *Server) importLocked(user, nick string) *account {
	a, ok := s.accounts[user]
	if !ok {
		a = newAccount(user)
		s.accounts[user] = a
	}
	if nick != "" {
		a.nick = nick
	}
	return a
}

// sigInvalidated reports whether a UserSig issued at issued was invalidated
// by a kick of user. s.mu must be held.
func (s *Server) sigInvalidatedLocked(user string, issued time.Time) bool {
	a, ok := s.accounts[user]
	return ok && issued.Before(a.invalidBefore)
}
