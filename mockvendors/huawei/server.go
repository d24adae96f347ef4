package huawei

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
	PathTokenV3 = "/oauth2/v3/token"
	PathTokenV2 = "/oauth2/v2/token"
	// PathSendPattern is messages:send for an app ({appId}).
	PathSendPattern = "/v1/{appId}/messages:send"
)

// SendPath is the messages:send path of an app.
func SendPath(appID string) string { return "/v1/" + appID + "/messages:send" }

// Hosts are HMS's API hostnames: the OAuth server and the push server.
var Hosts = []string{"oauth-login.cloud.huawei.com", "push-api.cloud.huawei.com"}

// Real service base URLs.
const (
	AuthBaseURL = "https://oauth-login.cloud.huawei.com"
	PushBaseURL = "https://push-api.cloud.huawei.com"
)

// Server is the HMS Push Kit mock.
//
// Receipts go where the app's receipt configuration in AppGallery Connect
// says: App.CallbackURLs are the configured addresses, the first the
// default. A message picks one with android.receipt_id; pushsim also
// takes an http(s) address there, which must be one of CallbackURLs when
// the app has any (so a backend can ask for receipts at the address its
// certificate names). Receipts are signed with App.AccessToken as the
// configuration's key (see receipts.go).
type Server struct {
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	hub      *mockvendors.Hub
	rec      *mockvendors.Recorder
	issuer   *oauth.Issuer
	handler  http.Handler
	receipts *receipts
	state    *state
	once     sync.Once
}

// New builds the HMS mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("huawei: %w", err)
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
		return nil, fmt.Errorf("huawei: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewRecorder()}
	s.state = newState(o)
	s.issuer = oauth.NewIssuer(oauth.Config{Vendor: "huawei", Seed: cfg.Seed, Lifetime: o.tokenLifetime, Authenticate: s.authenticateClient})
	s.receipts = newReceipts(s)
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorHuawei, Config: cfg, Register: s.register,
		OnAck:        s.receipts.heard,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.handler = s.routes()
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(PathTokenV3, s.issuer)
	mux.Handle(PathTokenV2, s.issuer)
	mux.HandleFunc("POST "+PathSendPattern, s.send)
	mux.HandleFunc("/v1/", s.notMocked)
	mux.Handle(protocol.DevicePath, s.hub)
	return mux
}

// authenticateClient checks OAuth client credentials: HMS's client ID is
// the App ID and its secret the App Secret.
func (s *Server) authenticateClient(clientID, secret string) (string, bool) {
	app, ok := s.apps.Get(clientID)
	if !ok || app.Secret == "" || secret != app.Secret {
		return "", false
	}
	return app.ID, true
}

// Vendor is protocol.VendorHuawei.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorHuawei }

// Handler serves the HMS API paths and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and token registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) an app in AppGallery Connect.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the app ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists HMS's real hostnames.
func (s *Server) Hosts() []string { return append([]string(nil), Hosts...) }

// ExpireAuthTokens makes every access token issued so far expire now, so
// the next send with one is refused with 80200003.
func (s *Server) ExpireAuthTokens() { s.issuer.ExpireAll() }

// Close stops receipts and the device channel.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.receipts.close()
		err = s.hub.Close()
	})
	return err
}

// notMocked answers other /v1/ paths (topic management, the v2 and v3
// APIs) and wrong methods in the service's shape.
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/messages:send") {
		w.Header().Set("Allow", http.MethodPost)
		writeResponse(w, http.StatusMethodNotAllowed, Response{Code: CodeParamError, Msg: "messages:send takes POST"})
		return
	}
	writeResponse(w, http.StatusNotFound, Response{Code: CodeParamError, Msg: "pushsim does not mock " + r.URL.Path})
}
