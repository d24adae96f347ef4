package mockvendors

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/pushsim/pushsim/protocol"
)

// Configure validates cfg and fills in its defaults, then applies opts to
// the vendor's default options o. Every error is prefixed with the vendor.
func Configure[O any, F ~func(*O) error](vendor protocol.Vendor, cfg Config, o O, opts []F) (Config, O, error) {
	if err := cfg.Validate(); err != nil {
		return cfg, o, fmt.Errorf("%s: %w", vendor, err)
	}
	cfg = cfg.WithDefaults()
	var errs []error
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return cfg, o, fmt.Errorf("%s: %w", vendor, err)
	}
	return cfg, o, nil
}

// BaseConfig is what a Base is built from.
type BaseConfig struct {
	// Vendor names the vendor.
	Vendor protocol.Vendor
	// Hosts are the vendor's real hostnames.
	Hosts []string
	// Apps are the apps registered on the vendor's platform.
	Apps *Apps
	// Hub is the vendor's device channel, served at protocol.DevicePath.
	Hub *Hub
	// API serves the vendor's API paths.
	API http.Handler
	// Stops run in order when the server closes, before the hub closes.
	Stops []func()
}

// Base is what every vendor mock's Server holds alike, and the Server
// methods that only hand it out: a vendor's Server embeds a *Base and
// adds its API. Base records nothing itself; the vendor adds what it
// accepts to Messages.
type Base struct {
	cfg     BaseConfig
	rec     *Recorder
	handler http.Handler
	once    sync.Once
}

// NewBase returns the Base of a vendor's Server, with an empty recorder.
func NewBase(cfg BaseConfig) *Base {
	mux := http.NewServeMux()
	mux.Handle(protocol.DevicePath, cfg.Hub)
	mux.Handle("/", cfg.API)
	return &Base{cfg: cfg, rec: NewRecorder(), handler: mux}
}

// Vendor names the vendor.
func (b *Base) Vendor() protocol.Vendor { return b.cfg.Vendor }

// Handler serves the vendor's API paths and the device channel.
func (b *Base) Handler() http.Handler { return b.handler }

// Messages is what the mock accepted for delivery.
func (b *Base) Messages() *Recorder { return b.rec }

// Hub is the device channel and token registry.
func (b *Base) Hub() *Hub { return b.cfg.Hub }

// AddApp registers (or replaces) an app on the vendor's platform.
func (b *Base) AddApp(a App) { b.cfg.Apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (b *Base) HasApp(id string) bool { return b.cfg.Apps.Has(id) }

// Hosts lists the vendor's real hostnames.
func (b *Base) Hosts() []string { return append([]string(nil), b.cfg.Hosts...) }

// Close runs the vendor's stops, then closes the device channel; only the
// first call does anything.
func (b *Base) Close() error {
	var err error
	b.once.Do(func() {
		for _, stop := range b.cfg.Stops {
			stop()
		}
		err = b.cfg.Hub.Close()
	})
	return err
}
