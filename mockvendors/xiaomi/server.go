package xiaomi

import (
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

var _ mockvendors.Server = (*Server)(nil)

// API paths.
const (
	PathRegIDV2          = "/v2/message/regid"
	PathRegID            = "/v3/message/regid"
	PathRegIDV4          = "/v4/message/regid"
	PathAliasV2          = "/v2/message/alias"
	PathAlias            = "/v3/message/alias"
	PathUserAccount      = "/v2/message/user_account"
	PathUserAccountV3    = "/v3/message/user_account"
	PathTopic            = "/v2/message/topic"
	PathMultiTopic       = "/v3/message/multi_topic"
	PathAllV2            = "/v2/message/all"
	PathAll              = "/v3/message/all"
	PathTopicSubscribe   = "/v2/topic/subscribe"
	PathTopicUnsubscribe = "/v2/topic/unsubscribe"
	PathTopicSubAlias    = "/v2/topic/subscribe/alias"
	PathTopicUnsubAlias  = "/v2/topic/unsubscribe/alias"
	PathAliasAll         = "/v1/alias/all"
	PathTopicAll         = "/v1/topic/all"
	PathInvalidRegIDs    = "/v1/feedback/fetch_invalid_regids"
)

// Hosts are MiPush's hostnames: the CN API and the alternates Xiaomi's
// official server SDKs switch between (lg.api, c3) and its EMQ host, the
// iOS sandbox, the global API and its regional hosts, the feedback host,
// and a VIP host.
var Hosts = []string{
	"api.xmpush.xiaomi.com", "lg.api.xmpush.xiaomi.com", "c3.xmpush.xiaomi.com", "emq.xmpush.xiaomi.com",
	"sandbox.xmpush.xiaomi.com",
	"api.xmpush.global.xiaomi.com", "ru-api.xmpush.global.xiaomi.com", "idmb-api.xmpush.global.xiaomi.com",
	"fr-api.xmpush.global.xiaomi.com", "sgp-api.xmpush.global.xiaomi.com",
	"feedback.xmpush.xiaomi.com", "vip.api.xmpush.xiaomi.com",
}

// BaseURL is the real service's CN API base URL.
const BaseURL = "https://api.xmpush.xiaomi.com"

// Server is the Xiaomi MiPush mock.
type Server struct {
	*mockvendors.Base
	cfg      mockvendors.Config
	opts     options
	apps     *mockvendors.Apps
	receipts *receipts
	sched    *scheduler
	state    *state
	paths    map[string]bool
}

// New builds the Xiaomi mock from cfg and options.
func New(cfg mockvendors.Config, opts ...Option) (*Server, error) {
	cfg, o, err := mockvendors.Configure(protocol.VendorXiaomi, cfg, defaultOptions(), append([]Option{limitOption(cfg.Limits)}, opts...))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, opts: o, apps: mockvendors.NewApps(cfg.Apps...),
		sched: newScheduler(), state: newState(o), paths: map[string]bool{}}
	s.receipts = newReceipts(s)
	hub := mockvendors.NewHub(mockvendors.HubConfig{
		Vendor: protocol.VendorXiaomi, Config: cfg, Register: s.register,
		OnAck:        func(e mockvendors.DeviceEvent) { s.heardReceipt(e, ReceiptDelivered) },
		OnClick:      func(e mockvendors.DeviceEvent) { s.heardReceipt(e, ReceiptClicked) },
		PingInterval: o.keepalive.Ping, PongWait: o.keepalive.Wait,
	})
	s.Base = mockvendors.NewBase(mockvendors.BaseConfig{
		Vendor: protocol.VendorXiaomi, Hosts: Hosts, Apps: s.apps, Hub: hub, API: s.routes(), Faults: s.faultAnswers(),
		MaxMessages: cfg.MaxMessages,
		Stops:       []func(){s.sched.close, s.receipts.Close},
	})
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := mockvendors.NewRoutes()
	handle := func(method, path string, body func(*request) Response) {
		s.paths[path] = true
		mux.HandleFunc(method+" "+path, s.api(body))
	}
	for _, p := range []string{PathRegIDV2, PathRegID, PathRegIDV4} {
		handle(http.MethodPost, p, s.send(targetRegID))
	}
	for _, p := range []string{PathAliasV2, PathAlias} {
		handle(http.MethodPost, p, s.send(targetAlias))
	}
	for _, p := range []string{PathUserAccount, PathUserAccountV3} {
		handle(http.MethodPost, p, s.send(targetAccount))
	}
	handle(http.MethodPost, PathTopic, s.send(targetTopic))
	handle(http.MethodPost, PathMultiTopic, s.send(targetMultiTopic))
	for _, p := range []string{PathAllV2, PathAll} {
		handle(http.MethodPost, p, s.send(targetAll))
	}
	handle(http.MethodPost, PathTopicSubscribe, s.topicSub(false, true))
	handle(http.MethodPost, PathTopicUnsubscribe, s.topicSub(false, false))
	handle(http.MethodPost, PathTopicSubAlias, s.topicSub(true, true))
	handle(http.MethodPost, PathTopicUnsubAlias, s.topicSub(true, false))
	handle(http.MethodGet, PathAliasAll, s.listOf(func(st *state) subs { return st.aliases }))
	handle(http.MethodGet, PathTopicAll, s.listOf(func(st *state) subs { return st.topics }))
	if s.opts.legacyFeedback {
		handle(http.MethodGet, PathInvalidRegIDs, s.fetchInvalid)
	} else {
		handle(http.MethodGet, PathInvalidRegIDs, s.feedbackOffline)
	}
	for _, prefix := range []string{"/v1/", "/v2/", "/v3/", "/v4/"} {
		mux.HandleFunc(prefix, s.notMocked)
	}
	return mux
}

// api wraps a call's body: authentication first, then the body, and a
// trace_id on every answer.
func (s *Server) api(body func(*request) Response) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var resp Response
		q, e := s.authenticate(r)
		var form string
		if e != nil {
			resp = errorResponse(e)
			form = r.Form.Encode()
		} else {
			resp = body(q)
			form = q.encodedForm()
		}
		resp.TraceID = s.state.traceID(s.cfg.Seed, r.Method, r.URL.Path, form)
		answerHostList(w, r)
		writeResponse(w, resp)
	}
}

// notMocked answers API paths pushsim does not implement (statistics,
// message status, schedule jobs, channels, revoke) in the service's
// shape, and served paths called with the wrong method.
func (s *Server) notMocked(w http.ResponseWriter, r *http.Request) {
	e := apiErr(CodeAPINotFound, "pushsim does not mock %s", r.URL.Path)
	if s.paths[r.URL.Path] {
		e = apiErr(CodeMethodNotAllowed, "%s does not take %s", r.URL.Path, r.Method)
	}
	resp := errorResponse(e)
	resp.TraceID = s.state.traceID(s.cfg.Seed, r.Method, r.URL.Path)
	answerHostList(w, r)
	writeResponse(w, resp)
}

// Scheduled is the number of accepted deliveries waiting for their
// time_to_send.
func (s *Server) Scheduled() int { return s.sched.pending() }
