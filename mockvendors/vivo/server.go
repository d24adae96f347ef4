package vivo

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
	PathAuth = "/message/auth"
	PathSend = "/message/send"
)

// Hosts are vivo's API hostnames.
var Hosts = []string{"api-push.vivo.com.cn"}

// BaseURL is the real service's base URL.
const BaseURL = "https://api-push.vivo.com.cn"

// Server is the vivo mock.
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

// AuthTokenLength is the length of the authTokens the mock issues.
const AuthTokenLength = 40

// New builds the vivo mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("vivo: %w", err)
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
		return nil, fmt.Errorf("vivo: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewRecorder()}
	s.tokens = authtoken.NewIssuer(cfg.Seed, string(protocol.VendorVivo), o.tokenLifetime, authtoken.Alnum(AuthTokenLength))
	s.state = newState(o)
	s.receipts = newReceipts(s)
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorVivo, Config: cfg, Register: s.register,
		OnAck:        s.receipts.heard,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.handler = s.routes()
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathAuth, s.auth)
	mux.HandleFunc("POST "+PathSend, s.send)
	for _, prefix := range []string{"/message/", "/report/", "/tag/", "/tagGroup/", "/tagSegment/"} {
		mux.HandleFunc(prefix, s.notMocked)
	}
	mux.Handle(protocol.DevicePath, s.hub)
	return mux
}

// Vendor is protocol.VendorVivo.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorVivo }

// Handler serves the vivo API paths and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and regId registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app on the platform.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists vivo's real hostnames.
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

func (s *Server) reply(w http.ResponseWriter, r Response) { writeResponse(w, http.StatusOK, r) }

func (s *Server) fail(w http.ResponseWriter, e *APIError) { s.reply(w, errorResponse(e)) }

// notMocked answers a wrong HTTP method and the API paths pushsim does not
// implement (group and tag pushes, statistics) in the service's shape.
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == PathAuth || r.URL.Path == PathSend {
		writeResponse(w, http.StatusMethodNotAllowed, errorResponse(apiErr(CodeInvalidParam, "%s does not take %s", r.URL.Path, r.Method)))
		return
	}
	writeResponse(w, http.StatusNotFound, errorResponse(apiErr(CodeInvalidParam, "pushsim does not mock %s", r.URL.Path)))
}
