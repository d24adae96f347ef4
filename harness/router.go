package harness

import (
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/pushsim/pushsim/console"
	"github.com/pushsim/pushsim/internal/tunnel"
	"github.com/pushsim/pushsim/mockvendors"
)

// Handler routes every request of the environment, as `pushsim serve`
// does: a request whose Host is a real vendor host goes to that vendor
// unprefixed; /<vendor>/... goes to the vendor with the prefix stripped;
// /_pushsim/ serves pushsim's own API (devices, messages, the trace, what
// each vendor received); everything else (REST /v4/..., the device
// websocket /im/ws, /_pushsim/im/...) goes to the fake IM server.
//
// The admin API and the device websockets are guarded against other
// sites' pages and DNS rebinding (Host and Origin checks) and, with
// WithAdminToken, need the token; vendor routes and REST /v4/ are not.
//
// Every /_pushsim/ error is a 4xx (or 5xx) answer with a JSON body
// {"error": "..."} that says what is wrong.
func (e *Env) Handler() http.Handler {
	mux := http.NewServeMux()
	byPrefix := vendorPrefixes{}
	for _, v := range e.sortedVendors() {
		srv := e.vendors[v]
		prefix := "/" + string(v)
		byPrefix[string(v)] = http.StripPrefix(prefix, srv.Handler())
		mux.Handle(prefix+"/", byPrefix[string(v)])
		rec := srv.Messages()
		mux.Handle("/_pushsim/vendors/"+string(v)+"/messages", methods{http.MethodGet: rec.ServeHTTP, http.MethodDelete: rec.ServeHTTP})
		mux.Handle("/_pushsim/vendors/"+string(v)+"/faults", srv.Faults())
	}
	mux.Handle("/_pushsim/vendors/{vendor}/faults", http.HandlerFunc(e.unknownVendor))
	mux.Handle("/_pushsim/faults/coverage", methods{http.MethodGet: e.serveCoverage})
	mux.HandleFunc("/_pushsim/vendors/{vendor}/messages", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no vendor mock %q runs here (running: %s)", r.PathValue("vendor"), e.vendorList())
	})
	e.deviceRoutes(mux)
	mux.Handle("/_pushsim/messages/{msg_key}", methods{http.MethodGet: e.serveFate})
	mux.Handle("/_pushsim/trace", methods{http.MethodGet: e.serveTrace})
	mux.Handle("/_pushsim/troubleshoot/{device}", methods{http.MethodGet: e.serveTroubleshoot})
	if e.tunnels != nil {
		mux.Handle(tunnel.Path, e.tunnels)
	}
	mux.Handle("/_pushsim/healthz", methods{http.MethodGet: func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "vendors": e.sortedVendors(), "sockets": e.sockets()})
	}})
	mux.Handle("/_pushsim/im/", e.im.Handler())
	mux.HandleFunc("/_pushsim/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no pushsim route %s %s", r.Method, r.URL.Path)
	})
	ui := console.New(console.Config{Trace: e.trace, Done: e.served})
	mux.Handle(console.UIPath, ui)
	mux.Handle(console.StreamPath, ui)
	mux.Handle("/", e.im.Handler())

	hosts := map[string]http.Handler{}
	var vendorHosts []string
	for _, srv := range e.vendors {
		for _, h := range srv.Hosts() {
			hosts[strings.ToLower(h)] = srv.Handler()
			vendorHosts = append(vendorHosts, h)
		}
	}
	allowed := slices.Clone(e.opts.allowedHosts)
	if e.opts.tlsListen != "" {
		allowed = append(allowed, e.opts.tlsListen)
	}
	listen := e.opts.listen
	if e.ln != nil {
		listen = e.ln.Addr().String()
	}
	return newGuard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if h, ok := hosts[host]; ok && !strings.HasPrefix(r.URL.Path, "/_pushsim/") {
			h.ServeHTTP(w, r)
			return
		}
		if h := byPrefix.match(r); h != nil {
			h.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}), e.opts.adminToken, listen, allowed, vendorHosts)
}

// serveFate is GET /_pushsim/messages/{msg_key}: what became of the
// message on each device (Fate).
func (e *Env) serveFate(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("msg_key")
	fate, ok := e.Fate(key)
	if !ok {
		writeError(w, http.StatusNotFound, "no message %q in the trace (use the MsgKey that openim/sendmsg returned)", key)
		return
	}
	writeJSON(w, http.StatusOK, fate)
}

// serveTrace is GET /_pushsim/trace?device=&message=&kind=&since=: the
// trace, every filter optional (ParseTraceFilter says how they read), as
// one array in canonical order. With limit= or after= it is one page in
// the order recorded instead (a trace.Page: events with their seq, next,
// more, dropped); pass next as after to read on.
func (e *Env) serveTrace(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	paged, limit, after, err := parsePaging(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	f, err := e.ParseTraceFilter(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if paged {
		writeJSON(w, http.StatusOK, e.TracePage(f, after, limit))
		return
	}
	writeJSON(w, http.StatusOK, e.TraceRecords(f))
}

// serveTroubleshoot is GET /_pushsim/troubleshoot/{device}: the seed's
// checklist for the device.
func (e *Env) serveTroubleshoot(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("device")
	if _, ok := e.device(id); !ok {
		writeError(w, http.StatusNotFound, "no device %q (GET /_pushsim/devices lists them)", id)
		return
	}
	writeJSON(w, http.StatusOK, e.Troubleshoot(id))
}

// vendorList names the running vendor mocks, for error messages.
func (e *Env) vendorList() string {
	names := make([]string, 0, len(e.vendors))
	for _, v := range e.sortedVendors() {
		names = append(names, string(v))
	}
	return strings.Join(names, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// vendorPrefixes are the vendor routes (/<vendor>/...) by vendor name.
// The mux holds them too; match finds one without the mux's pattern
// matching for the requests it would route there unchanged, the vendor
// pushes that make most of serve's traffic.
type vendorPrefixes map[string]http.Handler

// match returns the handler of r's vendor prefix when the mux would route
// r to it as it is (mockvendors.PlainPath: a clean path without escapes,
// no CONNECT); else nil.
func (p vendorPrefixes) match(r *http.Request) http.Handler {
	if !mockvendors.PlainPath(r) {
		return nil
	}
	path := r.URL.Path
	i := strings.IndexByte(path[1:], '/')
	if i < 0 {
		return nil
	}
	return p[path[1:1+i]]
}
