package vivo

import (
	"net/http"

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
	*mockvendors.Base
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	tokens   *authtoken.Issuer
	receipts *receipts
	state    *state
}

// AuthTokenLength is the length of the authTokens the mock issues.
const AuthTokenLength = 40

// New builds the vivo mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorVivo, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...)}
	s.tokens = authtoken.NewIssuer(cfg.Seed, string(protocol.VendorVivo), o.tokenLifetime, authtoken.Alnum(AuthTokenLength))
	s.state = newState(o)
	s.receipts = newReceipts(s)
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorVivo, Config: cfg, Register: s.register,
		OnAck:        s.heardReceipt,
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorVivo, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: faultAnswers,
		MaxMessages: cfg.MaxMessages,
		Stops:       []func(){s.receipts.Close},
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := mockvendors.NewRoutes()
	mux.HandleFunc("POST "+PathAuth, s.auth)
	mux.HandleFunc("POST "+PathSend, s.send)
	for _, prefix := range []string{"/message/", "/report/", "/tag/", "/tagGroup/", "/tagSegment/"} {
		mux.HandleFunc(prefix, s.notMocked)
	}
	return mux
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
