package fcm

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"sync"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// PathSend is the send path; {project} is the Firebase project ID.
const PathSend = "/v1/projects/{project}/messages:send"

// SendPath returns the send path of a project.
func SendPath(project string) string { return "/v1/projects/" + project + "/messages:send" }

// Hosts are the hostnames the mock answers on: the FCM API and Google's
// OAuth 2 token endpoints.
var Hosts = []string{"fcm.googleapis.com", "oauth2.googleapis.com", "www.googleapis.com", "accounts.google.com"}

// BaseURL is the real service's base URL.
const BaseURL = "https://fcm.googleapis.com"

// maxBody bounds a request body.
const maxBody = 1 << 20

// Server is the FCM mock.
type Server struct {
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	hub      *mockvendors.Hub
	rec      *mockvendors.Recorder
	handler  http.Handler
	faults   *mockvendors.Faults
	state    *state
	grants   *grants
	accounts *accounts
	once     sync.Once
}

// New builds the FCM mock from cfg and options. An app whose Secret is
// set must hold a valid service account key file.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fcm: %w", err)
	}
	cfg = cfg.WithDefaults()
	o := defaultOptions()
	var errs []error
	for _, opt := range append([]Option{limitOption(cfg.Limits)}, opts...) {
		if err := opt(&o); err != nil {
			errs = append(errs, err)
		}
	}
	for _, a := range cfg.Apps {
		if a.Secret == "" {
			continue
		}
		if _, err := ParseServiceAccount(a.Secret); err != nil {
			errs = append(errs, fmt.Errorf("app %s: %w", a.ID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("fcm: %w", err)
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...), rec: mockvendors.NewBoundedRecorder(cfg.MaxMessages),
		state: newState(o), grants: newGrants(), accounts: newAccounts()}
	s.hub = mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorFCM, Config: cfg, Register: s.register,
		PingInterval: o.pingInterval, PongWait: o.pongWait,
	})
	s.faults, s.handler = mockvendors.InstallFaults(s.hub, faultAnswers, s.routes())
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathSend, s.send)
	mux.HandleFunc(PathSend, s.methodNotFound)
	for _, p := range []string{PathToken, PathTokenV4, PathTokenAccounts} {
		mux.HandleFunc("POST "+p, s.token)
	}
	mux.Handle(protocol.DevicePath, s.hub)
	mux.HandleFunc("/", notFound)
	return mux
}

// Vendor is protocol.VendorFCM.
func (s *Server) Vendor() protocol.Vendor { return protocol.VendorFCM }

// Handler serves the FCM API, the token endpoints and the device channel.
func (s *Server) Handler() http.Handler { return s.handler }

// Messages is what the mock accepted for delivery.
func (s *Server) Messages() *mockvendors.Recorder { return s.rec }

// Hub is the device channel and token registry.
func (s *Server) Hub() *mockvendors.Hub { return s.hub }

// AddApp registers (or replaces) a Firebase project's app; see AppFor.
func (s *Server) AddApp(a mockvendors.App) { s.apps.Add(a) }

// HasApp reports whether the project ID is registered.
func (s *Server) HasApp(id string) bool { return s.apps.Has(id) }

// Hosts lists the real hostnames.
func (s *Server) Hosts() []string { return append([]string(nil), Hosts...) }

// Faults is the mock's injected fault rules and their coverage.
func (s *Server) Faults() *mockvendors.Faults { return s.faults }

// Close stops the device channel.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() { err = s.hub.Close() })
	return err
}

// methodNotFound answers a known path called with the wrong method.
func (s *Server) methodNotFound(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNotFound, ErrorResponse{Error: ErrorBody{Code: http.StatusNotFound, Message: "Method not found.", Status: StatusNotFound}})
}

// notFound answers unknown paths with Google's front-end 404 page.
func notFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=en>\n<meta charset=utf-8>\n<title>Error 404 (Not Found)!!1</title>\n"+
		"<p><b>404.</b> <ins>That’s an error.</ins>\n<p>The requested URL <code>%s</code> was not found on this server.  <ins>That’s all we know.</ins>\n",
		html.EscapeString(r.URL.Path))
}
