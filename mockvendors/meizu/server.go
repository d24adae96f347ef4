package meizu

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// API path prefix and paths.
const (
	Prefix                   = "/garcia/api/server"
	PathPushByPushID         = Prefix + "/push/varnished/pushByPushId"
	PathPushByAlias          = Prefix + "/push/varnished/pushByAlias"
	PathUnvarnishedByPushID  = Prefix + "/push/unvarnished/pushByPushId"
	PathUnvarnishedByAlias   = Prefix + "/push/unvarnished/pushByAlias"
	PathSubscribeAlias       = Prefix + "/message/subscribeAlias"
	PathUnSubscribeAlias     = Prefix + "/message/unSubscribeAlias"
	PathGetSubAlias          = Prefix + "/message/getSubAlias"
	PathGetRegisterSwitch    = Prefix + "/message/getRegisterSwitch"
	PathChangeRegisterSwitch = Prefix + "/message/changeRegisterSwitch"
	PathChangeAllSwitch      = Prefix + "/message/changeAllSwitch"
)

// mockedPaths are the API paths served, for telling a wrong method from
// an unknown path.
var mockedPaths = map[string]bool{
	PathPushByPushID: true, PathPushByAlias: true, PathUnvarnishedByPushID: true, PathUnvarnishedByAlias: true,
	PathSubscribeAlias: true, PathUnSubscribeAlias: true, PathGetSubAlias: true, PathGetRegisterSwitch: true,
	PathChangeRegisterSwitch: true, PathChangeAllSwitch: true,
}

// Hosts are Meizu's API hostnames: push on server-api-push, subscriptions
// on api-push (the Go SDK also pushes there), and the overseas ones.
var Hosts = []string{
	"server-api-push.meizu.com", "api-push.meizu.com",
	"server-api-push.in.meizu.com", "api-push.in.meizu.com",
}

// BaseURL is the real service's push base URL.
const BaseURL = "https://server-api-push.meizu.com"

// Server is the Meizu mock.
type Server struct {
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	hub      *mockvendors.Hub
	rec      *mockvendors.Recorder
	handler  http.Handler
	receipts *receipts
	state    *state
	once     sync.Once
}

// New builds the Meizu mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("meizu: %w", err)
	}
	cfg = cfg.WithDefaults()
	o := defaultOptions()
	var errs []error
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("meizu: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewRecorder()}
	s.state = newState(o)
	s.receipts = newReceipts(s)
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorMeizu, Config: cfg, Register: s.register,
		OnAck:        func(e mockvendors.DeviceEvent) { s.receipts.heard(e, receiptDelivered) },
		OnClick:      func(e mockvendors.DeviceEvent) { s.receipts.heard(e, receiptClicked) },
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.handler = s.routes()
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathPushByPushID, s.pushHandler(false))
	mux.HandleFunc("POST "+PathPushByAlias, s.pushHandler(true))
	mux.HandleFunc("POST "+PathUnvarnishedByPushID, s.passThrough)
	mux.HandleFunc("POST "+PathUnvarnishedByAlias, s.passThrough)
	mux.HandleFunc("POST "+PathSubscribeAlias, s.subscribeAlias)
	mux.HandleFunc("POST "+PathUnSubscribeAlias, s.unSubscribeAlias)
	mux.HandleFunc(PathGetSubAlias, s.getSubAlias)
	mux.HandleFunc(PathGetRegisterSwitch, s.getRegisterSwitch)
	mux.HandleFunc("POST "+PathChangeRegisterSwitch, s.changeRegisterSwitch)
	mux.HandleFunc("POST "+PathChangeAllSwitch, s.changeAllSwitch)
	mux.HandleFunc("/garcia/", s.notMocked)
	mux.Handle(protocol.DevicePath, s.hub)
	return mux
}

// Vendor is protocol.VendorMeizu.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorMeizu }

// Handler serves the Meizu API paths and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and PushId registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app on the platform.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists Meizu's real hostnames.
func (s *Server) Hosts() []string { return append([]string(nil), Hosts...) }

// Close stops receipts and the device channel.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.receipts.close()
		err = s.hub.Close()
	})
	return err
}

// notMocked answers API paths pushsim does not implement (task pushes,
// statistics, tags, image upload) in the service's shape.
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	if mockedPaths[r.URL.Path] {
		writeResponse(w, http.StatusMethodNotAllowed, errorResponse(apiErr(CodeOther, "%s does not take %s", r.URL.Path, r.Method)))
		return
	}
	writeResponse(w, http.StatusNotFound, errorResponse(apiErr(CodeOther, "pushsim does not mock %s", r.URL.Path)))
}
