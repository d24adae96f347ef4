package console_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pushsim/pushsim/fakeim"
	"github.com/pushsim/pushsim/harness"
	"github.com/pushsim/pushsim/simulator"
	"github.com/pushsim/pushsim/trace"
)

// hasDeviceControl reports whether the environment serves the
// device-control routes itself (GET /_pushsim/devices/{id} with an
// app_state).
func hasDeviceControl(t *testing.T, env *harness.Env, id string) bool {
	t.Helper()
	c := &http.Client{Timeout: testTimeout}
	resp, err := c.Get(env.URL() + "/_pushsim/devices/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d map[string]any
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&d) != nil {
		return false
	}
	_, ok := d["app_state"]
	return ok
}

// contractShim serves the device-control and message-fate routes of
// `pushsim serve` as the contract describes them, over the harness's Go
// API, and everything else from the environment's own handler. It stands
// in for those routes only where the environment does not serve them, so
// the console is proven against the contract either way.
type contractShim struct {
	env  *harness.Env
	next http.Handler

	mu  sync.Mutex
	app map[string]string // device → app state, from the actions seen
}

func newContractShim(env *harness.Env, initialApp string) http.Handler {
	s := &contractShim{env: env, next: env.Handler(), app: map[string]string{}}
	for _, id := range env.DeviceIDs() {
		s.app[id] = initialApp
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_pushsim/devices", func(w http.ResponseWriter, r *http.Request) {
		out := []map[string]any{}
		for _, id := range env.DeviceIDs() {
			out = append(out, s.device(id))
		}
		writeJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("GET /_pushsim/devices/{id}", func(w http.ResponseWriter, r *http.Request) {
		if id, ok := s.known(w, r); ok {
			writeJSON(w, http.StatusOK, s.device(id))
		}
	})
	mux.HandleFunc("POST /_pushsim/devices/{id}/{action}", s.action)
	mux.HandleFunc("POST /_pushsim/devices/{id}/notifications/{nid}/click", s.click)
	mux.HandleFunc("GET /_pushsim/messages/{msg_key}", s.fate)
	mux.Handle("/", s.next)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *contractShim) known(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !slices.Contains(s.env.DeviceIDs(), id) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no device " + id})
		return "", false
	}
	return id, true
}

func (s *contractShim) device(id string) map[string]any {
	p := s.env.Phone(id)
	st := p.Device().State()
	im, cause := p.IMState()
	if im == fakeim.StateOffline && (cause == fakeim.CauseLogout || cause == fakeim.CauseNeverLoggedIn) {
		im = "LoggedOut"
	}
	network := "off"
	if st.Network {
		network = "on"
	}
	tray := []map[string]any{}
	for _, n := range p.Device().Tray().All() {
		tray = append(tray, map[string]any{
			"id": n.VendorMsgID, "msg_key": s.env.Trace().MsgKeyOf(n.VendorMsgID),
			"title": n.Title, "body": n.Body, "shown_at": n.At, "clicked": n.Tapped,
		})
	}
	var last any
	if tap, ok := p.Device().LastTap(); ok && tap.Intent != nil {
		last = intentJSON(tap.Intent)
	}
	s.mu.Lock()
	app := s.app[id]
	s.mu.Unlock()
	return map[string]any{
		"id": st.ID, "brand": st.Brand, "rom": st.ROM, "user": st.User, "vendor": st.Vendor, "token": st.Token,
		"im_state": im, "app_state": app, "network": network, "notifications": tray, "last_intent": last,
	}
}

func intentJSON(in *simulator.Intent) map[string]any {
	extras := map[string]string{}
	for k, v := range in.Extras {
		extras[k] = v
	}
	return map[string]any{"action": in.Action, "component": in.Component, "url": in.Data, "extras": extras}
}

// appAfter is the app state each lifecycle action leads to ("" keeps it).
var appAfter = map[string]string{
	"launch": "foreground", "login": "", "logout": "", "kill": "killed", "background": "background",
	"foreground": "foreground", "uninstall": "uninstalled", "reinstall": "not_launched",
}

func (s *contractShim) action(w http.ResponseWriter, r *http.Request) {
	id, ok := s.known(w, r)
	if !ok {
		return
	}
	p := s.env.Phone(id)
	name := r.PathValue("action")
	var err error
	switch name {
	case "launch":
		err = p.Launch()
	case "login":
		err = p.Login()
	case "logout":
		err = p.Logout()
	case "kill":
		err = p.Kill()
	case "background":
		err = p.Background()
	case "foreground":
		err = p.Foreground()
	case "uninstall":
		err = p.Uninstall()
	case "reinstall":
		err = p.Reinstall()
	case "network":
		var body struct{ State string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || (body.State != "on" && body.State != "off") {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": `want {"state": "on"|"off"}`})
			return
		}
		p.SetNetwork(body.State == "on")
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown action " + name})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
		return
	}
	if next := appAfter[name]; next != "" {
		s.mu.Lock()
		s.app[id] = next
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, s.device(id))
}

func (s *contractShim) click(w http.ResponseWriter, r *http.Request) {
	id, ok := s.known(w, r)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), testTimeout)
	defer cancel()
	tap, err := s.env.Phone(id).Device().Tap(ctx, r.PathValue("nid"))
	switch {
	case errors.Is(err, simulator.ErrNoNotification):
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such notification"})
		return
	case err != nil:
		writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
		return
	}
	s.mu.Lock()
	s.app[id] = "foreground"
	s.mu.Unlock()
	if tap.Intent == nil {
		writeJSON(w, http.StatusOK, map[string]any{"action": "", "component": "", "url": "", "extras": map[string]string{}})
		return
	}
	writeJSON(w, http.StatusOK, intentJSON(tap.Intent))
}

func (s *contractShim) fate(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("msg_key")
	tr := s.env.Trace()
	events := tr.ForMessage(key)
	if len(events) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": fmt.Sprintf("no message %q", key)})
		return
	}
	var ids []string
	for _, e := range events {
		if e.Device != "" && !slices.Contains(ids, e.Device) {
			ids = append(ids, e.Device)
		}
	}
	slices.Sort(ids)
	devices := []map[string]any{}
	for _, id := range ids {
		v := s.env.Verdict(id, key)
		chain := []map[string]any{}
		var sent, shown time.Time
		for _, e := range s.env.Path(id, key) {
			chain = append(chain, record(tr, e))
			if e.Kind == trace.IMSend && sent.IsZero() {
				sent = e.At
			}
			if e.Kind == trace.DeviceNotify {
				shown = e.At
			}
		}
		var latency int64
		if !sent.IsZero() && !shown.IsZero() {
			latency = shown.Sub(sent).Milliseconds()
		}
		devices = append(devices, map[string]any{
			"device": id, "outcome": v.Outcome, "reason": v.Reason, "latency_ms": latency, "chain": chain,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"msg_key": key, "devices": devices})
}

func record(tr *trace.Trace, e trace.Event) map[string]any {
	data, _ := json.Marshal(e)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	m["t_ms"] = e.At.Sub(tr.Start()).Milliseconds()
	return m
}
