package oppo

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// API paths.
const (
	PathAuth               = "/server/v1/auth"
	PathUnicast            = "/server/v1/message/notification/unicast"
	PathUnicastBatch       = "/server/v1/message/notification/unicast_batch"
	PathSaveMessageContent = "/server/v1/message/notification/save_message_content"
	PathBroadcast          = "/server/v1/message/notification/broadcast"
	PathFetchInvalidRegIDs = "/server/v1/feedback/fetch_invalid_regidList"
)

// mockedPaths are the API paths served, for telling a wrong method from
// an unknown path.
var mockedPaths = map[string]bool{
	PathAuth: true, PathUnicast: true, PathUnicastBatch: true, PathSaveMessageContent: true,
	PathBroadcast: true, PathFetchInvalidRegIDs: true,
}

// Hosts are OPPO's API hostnames: China, overseas and feedback.
var Hosts = []string{"api.push.oppomobile.com", "api-intl.push.oppomobile.com", "feedback.push.oppomobile.com"}

// BaseURL is the real service's base URL for China.
const BaseURL = "https://api.push.oppomobile.com"

// Server is the OPPO mock.
type Server struct {
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	hub      *mockvendors.Hub
	rec      *mockvendors.Recorder
	tokens   *authtoken.Issuer
	handler  http.Handler
	receipts *receipts
	state    *state
	once     sync.Once
}

// New builds the OPPO mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("oppo: %w", err)
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
		return nil, fmt.Errorf("oppo: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewRecorder()}
	s.tokens = authtoken.NewIssuer(cfg.Seed, string(protocol.VendorOPPO), o.tokenLifetime, authtoken.UUID)
	s.state = newState(o)
	s.receipts = newReceipts(s)
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorOPPO, Config: cfg, Register: s.register,
		OnAck:        s.receipts.heard,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.handler = s.routes()
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathAuth, s.auth)
	mux.HandleFunc("POST "+PathUnicast, s.unicast)
	mux.HandleFunc("POST "+PathUnicastBatch, s.unicastBatch)
	mux.HandleFunc("POST "+PathSaveMessageContent, s.saveMessageContent)
	mux.HandleFunc("POST "+PathBroadcast, s.broadcast)
	mux.HandleFunc("GET "+PathFetchInvalidRegIDs, s.fetchInvalidRegIDs)
	mux.HandleFunc("/server/", s.notMocked)
	mux.Handle(protocol.DevicePath, s.hub)
	return mux
}

// Vendor is protocol.VendorOPPO.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorOPPO }

// Handler serves the OPPO API paths and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and regId registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app on the platform.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists OPPO's real hostnames.
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

// reply writes r in the service's shape: HTTP 200 with the code in the
// body.
func (s *Server) reply(w http.ResponseWriter, r Response) {
	writeResponse(w, http.StatusOK, r, s.opts.quoted)
}

func (s *Server) fail(w http.ResponseWriter, e *APIError) { s.reply(w, errorResponse(e)) }

// notMocked answers a wrong HTTP method (code 12) and API paths pushsim
// does not implement (code 20, statistics, tags, pictures).
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	if mockedPaths[r.URL.Path] {
		writeResponse(w, http.StatusMethodNotAllowed, errorResponse(apiErr(CodeMethodNotAllowed, "%s does not take %s", r.URL.Path, r.Method)), s.opts.quoted)
		return
	}
	writeResponse(w, http.StatusNotFound, errorResponse(apiErr(CodeInvalidMethod, "pushsim does not mock %s", r.URL.Path)), s.opts.quoted)
}

// appByKey finds the app whose App Key is key.
func (s *Server) appByKey(key string) (mockvendors.App, bool) {
	for _, id := range s.apps.IDs() {
		if a, ok := s.apps.Get(id); ok && a.Key == key {
			return a, true
		}
	}
	return mockvendors.App{}, false
}
