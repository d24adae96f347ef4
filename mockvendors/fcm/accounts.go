package fcm

import (
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
)

// accounts parses the service accounts the apps were registered with, once
// per key file.
type accounts struct {
	mu     sync.Mutex
	parsed map[string]*ServiceAccount // by App.Secret; nil when it does not parse
}

func newAccounts() *accounts { return &accounts{parsed: map[string]*ServiceAccount{}} }

// parse returns the account in an app's Secret, or nil.
func (a *accounts) parse(secret string) *ServiceAccount {
	if secret == "" {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if sa, ok := a.parsed[secret]; ok {
		return sa
	}
	sa, err := ParseServiceAccount(secret)
	if err != nil {
		sa = nil
	}
	a.parsed[secret] = sa
	return sa
}

// withEmail lists the registered accounts named email, in app ID order.
func (a *accounts) withEmail(apps *mockvendors.Apps, email string) []*ServiceAccount {
	var out []*ServiceAccount
	for _, id := range apps.IDs() {
		app, _ := apps.Get(id)
		if sa := a.parse(app.Secret); sa != nil && sa.ClientEmail == email {
			out = append(out, sa)
		}
	}
	return out
}
