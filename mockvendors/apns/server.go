package apns

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// DevicePath returns the send path for a device token.
func DevicePath(token string) string { return "/3/device/" + token }

// The APNs hosts: production and development (sandbox), on port 443 or
// 2197.
const (
	HostProduction = "api.push.apple.com"
	HostSandbox    = "api.sandbox.push.apple.com"
)

// Hosts are the hostnames the mock answers on.
var Hosts = []string{HostProduction, HostSandbox}

// BaseURL is the real production service's base URL.
const BaseURL = "https://" + HostProduction

// Server is the APNs mock.
type Server struct {
	cfg       mockvendors.Config
	opts      options
	apps      *mockvendors.Apps
	hub       *mockvendors.Hub
	rec       *mockvendors.Recorder
	handler   http.Handler
	faults    *mockvendors.Faults
	state     *state
	providers *providers
	once      sync.Once
}

// New builds the APNs mock from cfg and options. An app whose Secret is
// set must hold a valid ES256 key.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("apns: %w", err)
	}
	cfg = cfg.WithDefaults()
	o := defaultOptions()
	var errs []error
	for _, opt := range append([]Option{limitOption(cfg.Limits)}, opts...) {
		if err := opt(&o); err != nil {
			errs = append(errs, err)
		}
	}
	for _, a := range cfg.Apps {
		if a.Secret == "" {
			continue
		}
		if _, err := ParseKey(a.Secret); err != nil {
			errs = append(errs, fmt.Errorf("app %s: %w", a.ID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("apns: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewBoundedRecorder(cfg.MaxMessages),
		state: newState(o), providers: newProviders()}
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorAPNs, Config: cfg, Register: s.register,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.faults, s.handler = mockvendors.InstallFaults(s.hub, faultAnswers, s.routes())
	return s, nil
}

// routes routes by the path as sent (no cleaning or redirects, which an
// HTTP/2 provider would not follow): the device channel, the send path,
// and BadPath for anything else.
func (s *Server) routes() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == protocol.DevicePath:
			s.hub.ServeHTTP(w, r)
		case p == "/3/device" || p == "/3/device/":
			missingToken(w, r)
		case strings.HasPrefix(p, "/3/device/") && !strings.Contains(p[len("/3/device/"):], "/"):
			s.push(w, r, p[len("/3/device/"):])
		default:
			writeFailure(w, fail(ReasonBadPath))
		}
	})
}

func missingToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeFailure(w, fail(ReasonMethodNotAllowed))
		return
	}
	writeFailure(w, fail(ReasonMissingDeviceToken))
}

// Vendor is protocol.VendorAPNs.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorAPNs }

// Handler serves the provider API and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and device token registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app; see AppFor.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the bundle ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists the real hostnames.
func (s *Server) Hosts() []string { return append([]string(nil), Hosts...) }

// Faults is the mock's injected fault rules and their coverage.
func (s *Server) Faults() *mockvendors.Faults { return s.faults }

// Close stops the device channel.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() { err = s.hub.Close() })
	return err
}
