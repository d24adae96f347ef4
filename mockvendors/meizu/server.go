package meizu

import (
	"net/http"

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
	*mockvendors.Base
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	receipts *receipts
	state    *state
}

// New builds the Meizu mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorMeizu, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...)}
	s.state = newState(o)
	s.receipts = newReceipts(s)
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorMeizu, Config: cfg, Register: s.register,
		OnAck:        func(e mockvendors.DeviceEvent) { s.heardReceipt(e, receiptDelivered) },
		OnClick:      func(e mockvendors.DeviceEvent) { s.heardReceipt(e, receiptClicked) },
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorMeizu, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: faultAnswers,
		MaxMessages: cfg.MaxMessages,
		Stops:       []func(){s.receipts.Close},
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := mockvendors.NewRoutes()
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
	return mux
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
