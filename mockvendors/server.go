package mockvendors

import (
	"net/http"

	"github.com/pushsim/pushsim/protocol"
)

// Server is what every vendor mock is. The harness mounts Handler under
// /<vendor>/ (and on the vendor's real hosts), Messages under
// /_pushsim/vendors/<vendor>/messages, and points devices at
// protocol.DevicePath.
type Server interface {
	// Vendor names the vendor.
	Vendor() protocol.Vendor
	// Handler serves the vendor's real API paths, without any prefix, and
	// the device channel at protocol.DevicePath.
	Handler() http.Handler
	// Messages is what the vendor accepted for delivery.
	Messages() *Recorder
	// Hub is the vendor's device channel and token registry.
	Hub() *Hub
	// AddApp registers an app on the vendor's platform (or replaces it).
	AddApp(App)
	// HasApp reports whether an app with the ID is registered.
	HasApp(id string) bool
	// Hosts are the vendor's real hostnames, for routing by Host.
	Hosts() []string
	// Faults is the vendor's injected fault rules and their coverage.
	Faults() *Faults
	// Close stops every timer and goroutine and closes device sockets.
	Close() error
}
