package mockvendors

import (
	"fmt"
	"sort"
	"sync"
)

// App is an app registered on a vendor's developer platform: the identity
// and secrets the vendor checks. Secrets are never marshalled or printed.
type App struct {
	// ID is the vendor's App ID.
	ID string `json:"id"`
	// Key is the App Key the device SDK registers with (Meizu, Xiaomi,
	// OPPO, vivo); empty means the vendor does not check it.
	Key string `json:"-"`
	// Secret is the App Secret the server API is signed or authenticated with.
	Secret string `json:"-"`
	// MasterSecret is OPPO's master secret.
	MasterSecret string `json:"-"`
	// ClientID and ClientSecret are Honor's OAuth client credentials.
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"-"`
	// Package is the Android package name the app is registered with;
	// empty means the vendor does not check it.
	Package string `json:"package,omitempty"`
	// CallbackURLs are the receipt addresses registered in the vendor's
	// console. Empty accepts an http(s) address on a host
	// Config.ReceiptAllowed allows.
	CallbackURLs []string `json:"callback_urls,omitempty"`
	// AccessToken is the token the vendor sends with receipts.
	AccessToken string `json:"-"`
}

// String names the app without its secrets.
func (a App) String() string { return fmt.Sprintf("app %s (%s)", a.ID, a.Package) }

// Apps is a concurrency-safe set of apps by ID.
type Apps struct {
	mu   sync.RWMutex
	apps map[string]App
}

// NewApps returns a set holding apps.
func NewApps(apps ...App) *Apps {
	s := &Apps{apps: map[string]App{}}
	for _, a := range apps {
		s.Add(a)
	}
	return s
}

// Add adds a, replacing an app with the same ID.
func (s *Apps) Add(a App) {
	s.mu.Lock()
	s.apps[a.ID] = a
	s.mu.Unlock()
}

// Get returns the app with the ID.
func (s *Apps) Get(id string) (App, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[id]
	return a, ok
}

// Has reports whether an app has the ID.
func (s *Apps) Has(id string) bool {
	_, ok := s.Get(id)
	return ok
}

// IDs lists the app IDs in order.
func (s *Apps) IDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, 0, len(s.apps))
	for id := range s.apps {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
