package oppo

import (
	"net/http"

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
	*mockvendors.Base
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	tokens   *authtoken.Issuer
	receipts *receipts
	state    *state
}

// New builds the OPPO mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorOPPO, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...)}
	s.tokens = authtoken.NewIssuer(cfg.Seed, string(protocol.VendorOPPO), o.tokenLifetime, authtoken.UUID)
	s.state = newState(o)
	s.receipts = newReceipts(s)
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorOPPO, Config: cfg, Register: s.register,
		OnAck:        s.heardReceipt,
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorOPPO, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: s.faultAnswers(),
		MaxMessages: cfg.MaxMessages,
		Stops:       []func(){s.receipts.Close},
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := mockvendors.NewRoutes()
	mux.HandleFunc("POST "+PathAuth, s.auth)
	mux.HandleFunc("POST "+PathUnicast, s.unicast)
	mux.HandleFunc("POST "+PathUnicastBatch, s.unicastBatch)
	mux.HandleFunc("POST "+PathSaveMessageContent, s.saveMessageContent)
	mux.HandleFunc("POST "+PathBroadcast, s.broadcast)
	mux.HandleFunc("GET "+PathFetchInvalidRegIDs, s.fetchInvalidRegIDs)
	mux.HandleFunc("/server/", s.notMocked)
	return mux
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
