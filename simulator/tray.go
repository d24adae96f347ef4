package simulator

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Notification is one entry in the device's notification tray.
type Notification struct {
	// VendorMsgID is the vendor's message ID.
	VendorMsgID string `json:"vendor_msg_id"`
	// Vendor delivered it.
	Vendor protocol.Vendor `json:"vendor"`
	// Package is the app it belongs to.
	Package string `json:"package"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	// At is when it appeared.
	At time.Time `json:"at"`
	// Click is what a tap does, as the vendor SDK understood the payload.
	Click Click `json:"click"`
	// Payload is the vendor payload as received.
	Payload json.RawMessage `json:"payload,omitempty"`
	// Tapped is set once the user tapped it.
	Tapped bool `json:"tapped"`
}

// Click is a notification's tap behaviour as the vendor SDK decodes it.
type Click struct {
	// Kind is one of protocol.ClickOpenApp, ClickOpenURL, ClickOpenActivity,
	// or "custom" (Meizu clickType 3).
	Kind     string            `json:"kind"`
	URL      string            `json:"url,omitempty"`
	Activity string            `json:"activity,omitempty"`
	Extras   map[string]string `json:"extras,omitempty"`
	// Custom is Meizu's customAttribute (clickType 3).
	Custom string `json:"custom,omitempty"`
}

// Tray is the notification tray: what the user sees.
type Tray struct {
	mu      sync.Mutex
	entries []*Notification
	changed chan struct{}
}

func newTray() *Tray { return &Tray{changed: make(chan struct{})} }

func (t *Tray) add(n *Notification) {
	t.mu.Lock()
	t.entries = append(t.entries, n)
	close(t.changed)
	t.changed = make(chan struct{})
	t.mu.Unlock()
}

// clear removes the app's notifications (uninstall).
func (t *Tray) clear(pkg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	kept := t.entries[:0]
	for _, n := range t.entries {
		if n.Package != pkg {
			kept = append(kept, n)
		}
	}
	t.entries = kept
}

// Len is the number of notifications in the tray.
func (t *Tray) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.entries)
}

// DismissAll is the user swiping every notification away; it returns how
// many there were.
func (t *Tray) DismissAll() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(t.entries)
	clear(t.entries)
	t.entries = t.entries[:0]
	return n
}

// All returns copies of the notifications, oldest first.
func (t *Tray) All() []Notification {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]Notification, len(t.entries))
	for i, n := range t.entries {
		out[i] = *n
	}
	return out
}

// Find returns the first notification for which match is true.
func (t *Tray) Find(match func(Notification) bool) (Notification, bool) {
	for _, n := range t.All() {
		if match(n) {
			return n, true
		}
	}
	return Notification{}, false
}

// Await waits until a notification matching match is in the tray, or ctx
// ends. Inside a virtual-time bubble the wait costs no real time.
func (t *Tray) Await(ctx context.Context, match func(Notification) bool) (Notification, error) {
	for {
		t.mu.Lock()
		ch := t.changed
		t.mu.Unlock()
		if n, ok := t.Find(match); ok {
			return n, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return Notification{}, ctx.Err()
		}
	}
}

func (t *Tray) markTapped(vendorMsgID string) (Notification, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, n := range t.entries {
		if n.VendorMsgID == vendorMsgID {
			n.Tapped = true
			return *n, true
		}
	}
	return Notification{}, false
}
