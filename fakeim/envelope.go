package fakeim

import (
	"encoding/json"
	"net/http"
)

// envelope is the REST result header every answer starts with.
type envelope struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorInfo    string `json:"ErrorInfo"`
	ErrorCode    int    `json:"ErrorCode"`
}

func (e *envelope) env() *envelope { return e }

// enveloped is a REST answer: an envelope plus command fields.
type enveloped interface{ env() *envelope }

// writeEnvelope writes a REST answer, always with HTTP 200 as Tencent
// does: resp on success, a FAIL envelope when e is set.
func writeEnvelope(w http.ResponseWriter, resp enveloped, e *Error) {
	if e != nil {
		resp = &envelope{ActionStatus: "FAIL", ErrorCode: e.Code, ErrorInfo: e.Info}
	} else {
		if resp == nil {
			resp = &envelope{}
		}
		resp.env().ActionStatus = "OK"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(resp)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// writeAPIError writes a pushsim API error: {"error": msg}.
func writeAPIError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
