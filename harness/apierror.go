package harness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/pushsim/pushsim/simulator"
)

// maxBody bounds the JSON body of a /_pushsim/ request.
const maxBody = 1 << 20

// apiError is the body of every /_pushsim/ error answer.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writeError answers with status and {"error": "..."}.
func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, apiError{Error: fmt.Sprintf(format, args...)})
}

// statusOf maps an action's error to an HTTP status: a device or
// notification that does not exist is 404, an action the app's state does
// not allow 409, a timeout 504.
func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrUnknownDevice), errors.Is(err, simulator.ErrNoNotification):
		return http.StatusNotFound
	case errors.Is(err, ErrDuplicateDevice), errors.Is(err, simulator.ErrNotInstalled),
		errors.Is(err, simulator.ErrNotRunning), errors.Is(err, simulator.ErrNotLoggedIn):
		return http.StatusConflict
	case errors.Is(err, ErrClosed):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// methods routes one path by method and answers any other method with 405,
// an Allow header and a JSON error.
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h(w, r)
		return
	}
	allow := make([]string, 0, len(m))
	for k := range m {
		allow = append(allow, k)
	}
	slices.Sort(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, http.StatusMethodNotAllowed, "%s is not allowed on %s: use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))
}

// decodeBody decodes a request's JSON body into v, refusing unknown
// fields, trailing data and bodies over 1 MiB. The error says what is
// wrong.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("bad JSON: empty body")
		}
		return fmt.Errorf("bad JSON: %w", err)
	}
	if err := dec.Decode(new(json.RawMessage)); !errors.Is(err, io.EOF) {
		return errors.New("bad JSON: more than one value in the body")
	}
	return nil
}
