package harness

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/pushsim/pushsim/simulator"
)

// phoneActions are the lifecycle actions of
// POST /_pushsim/devices/{id}/{action}: the same Phone methods the
// scenario steps call.
var phoneActions = map[string]func(*Phone) error{
	"launch":     (*Phone).Launch,
	"login":      (*Phone).Login,
	"logout":     (*Phone).Logout,
	"kill":       (*Phone).Kill,
	"background": (*Phone).Background,
	"foreground": (*Phone).Foreground,
	"uninstall":  (*Phone).Uninstall,
	"reinstall":  (*Phone).Reinstall,
}

// actionNames lists phoneActions for error messages.
func actionNames() string {
	names := make([]string, 0, len(phoneActions)+1)
	for k := range phoneActions {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(append(names, "network"), ", ")
}

// deviceRoutes registers device control under /_pushsim/devices.
func (e *Env) deviceRoutes(mux *http.ServeMux) {
	mux.Handle("/_pushsim/devices", methods{http.MethodGet: e.serveDevices, http.MethodPost: e.serveCreateDevice})
	mux.Handle("/_pushsim/devices/{id}", methods{http.MethodGet: e.serveDevice, http.MethodDelete: e.serveDeleteDevice})
	mux.Handle("/_pushsim/devices/{id}/{action}", methods{http.MethodPost: e.serveAction})
	mux.Handle("/_pushsim/devices/{id}/network", methods{http.MethodPost: e.serveNetwork})
	mux.Handle("/_pushsim/devices/{id}/notifications", methods{http.MethodGet: e.serveTray})
	mux.Handle("/_pushsim/devices/{id}/notifications/{nid}/click", methods{http.MethodPost: e.serveClick})
}

// phone returns the device the path names, or answers 404.
func (e *Env) phone(w http.ResponseWriter, r *http.Request) (*Phone, bool) {
	id := r.PathValue("id")
	p, ok := e.LookupPhone(id)
	if !ok {
		writeError(w, http.StatusNotFound, "no device %q (GET /_pushsim/devices lists them)", id)
	}
	return p, ok
}

// writeDevice answers with the device's current state.
func (e *Env) writeDevice(w http.ResponseWriter, status int, p *Phone) {
	info, ok := e.DeviceInfo(p.ID())
	if !ok {
		writeError(w, http.StatusNotFound, "device %q was removed meanwhile", p.ID())
		return
	}
	writeJSON(w, status, info)
}

// serveDevices is GET /_pushsim/devices.
func (e *Env) serveDevices(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, e.Devices())
}

// serveCreateDevice is POST /_pushsim/devices: one device in the scenario
// format, added and powered on; its app is installed, not launched.
func (e *Env) serveCreateDevice(w http.ResponseWriter, r *http.Request) {
	var dc DeviceConfig
	if err := decodeBody(w, r, &dc); err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	if err := dc.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, "%s", strings.ReplaceAll(err.Error(), "\n", "; "))
		return
	}
	p, err := e.AddDevice(dc)
	if err != nil {
		status := statusOf(err)
		if status == http.StatusInternalServerError {
			status = http.StatusBadRequest
		}
		writeError(w, status, "%v", err)
		return
	}
	w.Header().Set("Location", "/_pushsim/devices/"+url.PathEscape(p.ID()))
	e.writeDevice(w, http.StatusCreated, p)
}

// serveDevice is GET /_pushsim/devices/{id}.
func (e *Env) serveDevice(w http.ResponseWriter, r *http.Request) {
	if p, ok := e.phone(w, r); ok {
		e.writeDevice(w, http.StatusOK, p)
	}
}

// serveDeleteDevice is DELETE /_pushsim/devices/{id}.
func (e *Env) serveDeleteDevice(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := e.RemoveDevice(id); err != nil {
		writeError(w, statusOf(err), "no device %q (GET /_pushsim/devices lists them)", id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// serveAction is POST /_pushsim/devices/{id}/{action}: one lifecycle
// action, answered with the device after it.
func (e *Env) serveAction(w http.ResponseWriter, r *http.Request) {
	p, ok := e.phone(w, r)
	if !ok {
		return
	}
	name := r.PathValue("action")
	act, ok := phoneActions[name]
	if !ok {
		writeError(w, http.StatusNotFound, "unknown action %q (one of %s)", name, actionNames())
		return
	}
	if err := act(p); err != nil {
		writeError(w, statusOf(err), "%v", err)
		return
	}
	e.writeDevice(w, http.StatusOK, p)
}

// networkBody is the body of POST /_pushsim/devices/{id}/network.
type networkBody struct {
	State string `json:"state"`
}

// serveNetwork is POST /_pushsim/devices/{id}/network {"state":"on"|"off"}.
func (e *Env) serveNetwork(w http.ResponseWriter, r *http.Request) {
	p, ok := e.phone(w, r)
	if !ok {
		return
	}
	var b networkBody
	if err := decodeBody(w, r, &b); err != nil {
		writeError(w, http.StatusBadRequest, "%v (want {\"state\": \"on\"} or {\"state\": \"off\"})", err)
		return
	}
	switch b.State {
	case "on", "off":
		p.SetNetwork(b.State == "on")
	default:
		writeError(w, http.StatusBadRequest, "state %q: want \"on\" or \"off\"", b.State)
		return
	}
	e.writeDevice(w, http.StatusOK, p)
}

// serveTray is GET /_pushsim/devices/{id}/notifications: the tray, oldest
// first.
func (e *Env) serveTray(w http.ResponseWriter, r *http.Request) {
	if p, ok := e.phone(w, r); ok {
		writeJSON(w, http.StatusOK, e.notifications(p.dev))
	}
}

// serveClick is POST /_pushsim/devices/{id}/notifications/{nid}/click: a
// tap on one tray entry, answered with the intent it started (every field
// empty when it started none).
func (e *Env) serveClick(w http.ResponseWriter, r *http.Request) {
	p, ok := e.phone(w, r)
	if !ok {
		return
	}
	nid := r.PathValue("nid")
	tap, err := p.TapNotification(nid)
	switch {
	case errors.Is(err, simulator.ErrNoNotification):
		writeError(w, http.StatusNotFound, "no notification %q in the tray of %s (GET /_pushsim/devices/%s/notifications lists them)",
			nid, p.ID(), url.PathEscape(p.ID()))
		return
	case err != nil:
		writeError(w, statusOf(err), "%v", err)
		return
	}
	intent := intentInfo(tap.Intent)
	if intent == nil {
		intent = &IntentInfo{Extras: map[string]string{}}
	}
	writeJSON(w, http.StatusOK, intent)
}
