package fakeim

import (
	"context"
	"net/http"
	"sync"

	"github.com/gorilla/websocket"

	"github.com/pushsim/pushsim/internal/wsbuf"
	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// component is the trace component name of every event fakeim records.
const component = "fakeim"

// Server is a running fake IM server. Its methods are safe for concurrent
// use.
type Server struct {
	cfg     Config
	trace   *trace.Trace
	handler http.Handler
	up      websocket.Upgrader
	// restSigs caches the REST callers' verified UserSigs.
	restSigs verifiedSigs

	ctx    context.Context // cancelled by Close; bounds vendor calls
	cancel context.CancelFunc
	wg     sync.WaitGroup // every goroutine and pending timer

	// mu guards everything below: one lock for the whole IM state keeps
	// every decision consistent and the trace deterministic.
	mu        sync.Mutex
	closed    bool
	accounts  map[string]*account
	instances *instanceIndex
	byDevice  map[string]*instance // the latest instance of each device ID
	conns     map[*wsConn]struct{}
	timers    map[*timer]struct{}
	certs     map[int64]*certEntry
	lanes     map[laneKey]*pushLane
	queued    int // pushes waiting on all lanes
	msgSeq    uint64
	dedup     *dedupIndex
	sigCache  map[string]cachedSig // GenUserSig's, by user
}

// New starts a server. It serves nothing until its Handler is mounted.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:       cfg,
		trace:     cfg.Trace,
		up:        wsbuf.Upgrader(func(*http.Request) bool { return true }),
		accounts:  map[string]*account{},
		instances: newInstanceIndex(),
		byDevice:  map[string]*instance{},
		conns:     map[*wsConn]struct{}{},
		timers:    map[*timer]struct{}{},
		certs:     map[int64]*certEntry{},
		lanes:     map[laneKey]*pushLane{},
		dedup:     newDedupIndex(cfg.MaxDedupKeys),
		sigCache:  map[string]cachedSig{},
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.accounts[cfg.Admin] = newAccount(cfg.Admin)
	s.handler = s.routes()
	return s, nil
}

// Handler serves the REST API (/v4/...), the device websocket
// (protocol.IMPath) and pushsim's own API (/_pushsim/im/...).
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/v4/", s.serveREST)
	mux.HandleFunc(protocol.IMPath, s.serveWS)
	mux.HandleFunc("/_pushsim/im/certificates", s.serveCertificates)
	mux.HandleFunc("/_pushsim/im/certificates/{id}", s.serveCertificate)
	mux.HandleFunc("/_pushsim/im/certificates/{id}/activate", s.serveActivate)
	mux.HandleFunc("/_pushsim/im/instances", s.serveInstances)
	mux.HandleFunc("/_pushsim/im/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, http.StatusNotFound, "no such pushsim IM endpoint: "+r.URL.Path)
	})
	return mux
}

// Trace is the trace the server records to.
func (s *Server) Trace() *trace.Trace { return s.trace }

// Close closes every device socket, stops every timer and push worker
// (cancelling vendor calls in flight) and waits until none of the server's
// goroutines is left. It does not close listeners: the caller owns them.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.wg.Wait()
		return nil
	}
	s.closed = true
	for t := range s.timers {
		s.stopTimerLocked(t)
	}
	conns := make([]*wsConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	s.cancel()
	for _, c := range conns {
		c.ws.Close()
	}
	s.wg.Wait()
	return nil
}

// Sockets is the number of IM websockets the server holds open.
func (s *Server) Sockets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// goLocked runs f on a new goroutine that Close waits for. It reports
// false, and runs nothing, once the server is closed. s.mu must be held.
func (s *Server) goLocked(f func()) bool {
	if s.closed {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

// record appends one fakeim event to the trace.
func (s *Server) record(e trace.Event) {
	e.Component = component
	s.trace.Add(e)
}
