package huawei

import (
	"net/http"
	"strings"
	"sync/atomic"

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
	*mockvendors.Base
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	issuer   *oauth.Issuer
	receipts *receipts
	state    *state
	// receiptPosts counts receipt calls, for their nonces.
	receiptPosts atomic.Int64
}

// New builds the HMS mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorHuawei, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...)}
	s.state = newState(o)
	s.issuer = oauth.NewIssuer(oauth.Config{Vendor: "huawei", Seed: cfg.Seed, Lifetime: o.tokenLifetime, Authenticate: s.authenticateClient})
	s.receipts = newReceipts(s)
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorHuawei, Config: cfg, Register: s.register,
		OnAck:        s.heardReceipt,
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorHuawei, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: faultAnswers,
		MaxMessages: cfg.MaxMessages,
		Stops:       []func(){s.receipts.Close},
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(PathTokenV3, s.issuer)
	mux.Handle(PathTokenV2, s.issuer)
	mux.HandleFunc("POST "+PathSendPattern, s.send)
	mux.HandleFunc("/v1/", s.notMocked)
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

// ExpireAuthTokens makes every access token issued so far expire now, so
// the next send with one is refused with 80200003.
func (s *Server) ExpireAuthTokens() { s.issuer.ExpireAll() }

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
