package xiaomi

import (
	"encoding/json"
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
)

// Result values.
const (
	ResultOK    = "ok"
	ResultError = "error"
)

// Response is the service's answer to every call, always sent with HTTP
// 200. Code is a number; Data is call-specific (SendData for pushes,
// ListData for the list endpoints) and absent after a failure.
type Response struct {
	Result      string          `json:"result"`
	TraceID     string          `json:"trace_id"`
	Code        int             `json:"code"`
	Description string          `json:"description,omitempty"`
	Info        string          `json:"info,omitempty"`
	Reason      string          `json:"reason,omitempty"`
	Data        json.RawMessage `json:"data,omitempty"`
}

// SendData is the data of an accepted push: the message ID and, when the
// app has a daily quota, the quota and how much of it today's pushes used
// (both written as strings, as the service does).
type SendData struct {
	ID       string `json:"id"`
	DayQuota string `json:"day_quota,omitempty"`
	DayAcked string `json:"day_acked,omitempty"`
}

// ListData is the data of the list endpoints (aliases, topics, invalid
// regIds).
type ListData struct {
	List []string `json:"list"`
}

// OK reports whether the call succeeded.
func (r Response) OK() bool { return r.Result == ResultOK && r.Code == CodeOK }

// Send decodes Data as SendData.
func (r Response) Send() SendData {
	var d SendData
	_ = json.Unmarshal(r.Data, &d)
	return d
}

// List decodes Data as ListData and returns the list.
func (r Response) List() []string {
	var d ListData
	_ = json.Unmarshal(r.Data, &d)
	return d.List
}

// errorResponse answers a failed call; the handler adds the trace_id.
func errorResponse(e *APIError) Response {
	return Response{Result: ResultError, Code: e.Code, Description: CodeText(e.Code), Reason: e.Reason}
}

// okResponse answers a successful call with data (nil for none); the
// handler adds the trace_id.
func okResponse(info string, data any) Response {
	r := Response{Result: ResultOK, Code: CodeOK, Description: CodeText(CodeOK), Info: info}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return errorResponse(apiErr(CodeSystemError, "encode data: %v", err))
		}
		r.Data = b
	}
	return r
}

// writeResponse sends r with HTTP 200, as the service answers every call.
func writeResponse(w http.ResponseWriter, r Response) {
	mockvendors.WriteJSON(w, http.StatusOK, "application/json;charset=UTF-8", r)
}
