package honor

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

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
	cfg     mockvendors.Config
	opts    options
	apps    *mockvendors.Apps
	hub     *mockvendors.Hub
	rec     *mockvendors.Recorder
	issuer  *oauth.Issuer
	handler http.Handler
	state   *state
	once    sync.Once
}

// New builds the Honor mock from cfg and options. Apps authenticate with
// App.ClientID and App.ClientSecret.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("honor: %w", err)
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
		return nil, fmt.Errorf("honor: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewRecorder()}
	s.state = newState(o)
	s.issuer = oauth.NewIssuer(oauth.Config{Vendor: "honor", Seed: cfg.Seed, Lifetime: o.tokenLifetime, Authenticate: s.authenticateClient})
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorHonor, Config: cfg, Register: s.register,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.handler = s.routes()
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(PathToken, s.issuer)
	mux.Handle(PathTokenOpenID, s.issuer)
	mux.HandleFunc("POST "+PathSendPattern, s.send)
	mux.HandleFunc("/api/", s.notMocked)
	mux.Handle(protocol.DevicePath, s.hub)
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

// Vendor is protocol.VendorHonor.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorHonor }

// Handler serves the Honor API paths and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and token registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app on the Honor developer site.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists Honor's real hostnames.
func (s *Server) Hosts() []string { return append([]string(nil), Hosts...) }

// ExpireAuthTokens makes every access token issued so far expire now, so
// the next send with one is refused with 80200003.
func (s *Server) ExpireAuthTokens() { s.issuer.ExpireAll() }

// Close stops the device channel.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() { err = s.hub.Close() })
	return err
}

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
