package honor

import (
	"net/http"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/oauth"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// API paths.
const (
	PathToken       = "/auth/token"
	PathTokenOpenID = "/auth/realms/developer/protocol/openid-connect/token"
	// PathSendPattern is sendMessage for an app ({appId}).
	PathSendPattern = "/api/v1/{appId}/sendMessage"
)

// HeaderTimestamp is the request time header: milliseconds in Honor's
// guide, seconds from some clients.
const HeaderTimestamp = "timestamp"

// SendPath is the sendMessage path of an app.
func SendPath(appID string) string { return "/api/v1/" + appID + "/sendMessage" }

// Hosts are Honor's API hostnames: the IAM servers and the push servers,
// under both honor.com and hihonor.com.
var Hosts = []string{
	"iam.developer.honor.com", "iam.developer.hihonor.com",
	"push-api.cloud.honor.com", "push-api.cloud.hihonor.com",
}

// Real service base URLs.
const (
	AuthBaseURL = "https://iam.developer.honor.com"
	PushBaseURL = "https://push-api.cloud.honor.com"
)

// Server is the Honor Push mock.
type Server struct {
	*mockvendors.Base
	cfg    mockvendors.Config
	opts   options
	apps   *mockvendors.Apps
	issuer *oauth.Issuer
	state  *state
}

// New builds the Honor mock from cfg and options. Apps authenticate with
// App.ClientID and App.ClientSecret.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorHonor, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...)}
	s.state = newState(o)
	s.issuer = oauth.NewIssuer(oauth.Config{Vendor: "honor", Seed: cfg.Seed, Lifetime: o.tokenLifetime, Authenticate: s.authenticateClient})
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorHonor, Config: cfg, Register: s.register,
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorHonor, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: faultAnswers,
		MaxMessages: cfg.MaxMessages,
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(PathToken, s.issuer)
	mux.Handle(PathTokenOpenID, s.issuer)
	mux.HandleFunc("POST "+PathSendPattern, s.send)
	mux.HandleFunc("/api/", s.notMocked)
	return mux
}

// authenticateClient finds the app whose client ID and secret these are.
func (s *Server) authenticateClient(clientID, secret string) (string, bool) {
	for _, id := range s.apps.IDs() {
		app, _ := s.apps.Get(id)
		if app.ClientID != "" && app.ClientID == clientID && app.ClientSecret != "" && app.ClientSecret == secret {
			return app.ID, true
		}
	}
	return "", false
}

// ExpireAuthTokens makes every access token issued so far expire now, so
// the next send with one is refused with 80200003.
func (s *Server) ExpireAuthTokens() { s.issuer.ExpireAll() }

// notMocked answers other /api/ paths and wrong methods in the service's
// shape.
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/sendMessage") {
		w.Header().Set("Allow", http.MethodPost)
		writeResponse(w, http.StatusMethodNotAllowed, Response{Code: CodeParamError, Message: "sendMessage takes POST"})
		return
	}
	writeResponse(w, http.StatusNotFound, Response{Code: CodeParamError, Message: "pushsim does not mock " + r.URL.Path})
}
