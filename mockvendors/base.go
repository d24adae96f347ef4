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
	// Faults is the vendor's table of result codes and answer shapes for
	// injected faults; every call of API passes the fault rules first.
	Faults FaultAnswers
	// MaxMessages bounds the recorder (Config.MaxMessages).
	MaxMessages int
}

// Base is what every vendor mock's Server holds alike, and the Server
// methods that only hand it out: a vendor's Server embeds a *Base and
// adds its API. Base records nothing itself; the vendor adds what it
// accepts to Messages.
type Base struct {
	cfg     BaseConfig
	rec     *Recorder
	faults  *Faults
	handler http.Handler
	once    sync.Once
}

// NewBase returns the Base of a vendor's Server, with an empty recorder.
func NewBase(cfg BaseConfig) *Base {
	faults, api := InstallFaults(cfg.Hub, cfg.Faults, cfg.API)
	mux := http.NewServeMux()
	mux.Handle(protocol.DevicePath, cfg.Hub)
	mux.Handle("/", api)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != protocol.DevicePath && PlainPath(r) {
			r.Pattern = "/" // where the mux sends it
			api.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return &Base{cfg: cfg, rec: NewBoundedRecorder(cfg.MaxMessages), faults: faults, handler: handler}
}

// InstallFaults gives a vendor's hub its fault rules, those of the hub's
// Config in force from the start (valid ones: Config.Validate checks
// them), and returns them with api wrapped so that every call passes the
// rules first. A vendor whose Server is not built on Base calls it
// itself.
func InstallFaults(hub *Hub, ans FaultAnswers, api http.Handler) (*Faults, http.Handler) {
	hc := hub.hc.Config
	faults := NewFaults(hub.hc.Vendor, hc.Seed, hc.Trace)
	if err := faults.Add(hc.Faults...); err != nil {
		panic(err)
	}
	hub.setFaults(faults)
	if ans.Write == nil {
		ans.Write = func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
			http.Error(w, "pushsim fault "+code, http.StatusInternalServerError)
		}
	}
	return faults, faults.Wrap(api, ans)
}

// Faults is the vendor's fault rules and their coverage.
func (b *Base) Faults() *Faults { return b.faults }

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
