package harness

import (
	"encoding/json"
	"net"
	"net/http"
	"sort"
	"strings"

	"github.com/pushsim/pushsim/console"
)

// Handler routes every request of the environment, as `pushsim serve`
// does: a request whose Host is a real vendor host goes to that vendor
// unprefixed; /<vendor>/... goes to the vendor with the prefix stripped;
// /_pushsim/ serves pushsim's own API; everything else (REST /v4/..., the
// device websocket /im/ws, /_pushsim/im/...) goes to the fake IM server.
func (e *Env) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, v := range e.sortedVendors() {
		srv := e.vendors[v]
		prefix := "/" + string(v)
		mux.Handle(prefix+"/", http.StripPrefix(prefix, srv.Handler()))
		mux.Handle("/_pushsim/vendors/"+string(v)+"/messages", srv.Messages())
	}
	mux.HandleFunc("GET /_pushsim/devices", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, e.Devices())
	})
	mux.HandleFunc("GET /_pushsim/troubleshoot/{device}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("device")
		if _, ok := e.devices[id]; !ok {
			w.WriteHeader(http.StatusNotFound)
			writeJSON(w, map[string]string{"error": "no device " + id})
			return
		}
		writeJSON(w, e.Troubleshoot(id))
	})
	mux.HandleFunc("GET /_pushsim/trace", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = e.trace.WriteJSON(w)
	})
	mux.HandleFunc("GET /_pushsim/healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"status": "ok", "vendors": e.sortedVendors()})
	})
	ui := console.New(console.Config{Trace: e.trace, Done: e.served})
	mux.Handle(console.UIPath, ui)
	mux.Handle(console.StreamPath, ui)
	mux.Handle("/", e.im.Handler())

	hosts := map[string]http.Handler{}
	for _, srv := range e.vendors {
		for _, h := range srv.Hosts() {
			hosts[strings.ToLower(h)] = srv.Handler()
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if h, ok := hosts[host]; ok && !strings.HasPrefix(r.URL.Path, "/_pushsim/") {
			h.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
