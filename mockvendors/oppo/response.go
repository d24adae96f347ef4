package oppo

import (
	"encoding/json"
	"net/http"
)

// Response is the service's answer to every call: a numeric code, a
// message, and the call's data on success.
type Response struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// OK reports whether the call succeeded.
func (r Response) OK() bool { return r.Code == CodeOK }

// AuthData is the auth call's data.
type AuthData struct {
	AuthToken  string `json:"auth_token"`
	CreateTime int64  `json:"create_time"`
}

// UnicastData is a unicast call's data.
type UnicastData struct {
	MessageID string `json:"messageId"`
}

// BatchResult is one element of a unicast_batch call's data.
type BatchResult struct {
	MessageID      string `json:"messageId,omitempty"`
	RegistrationID string `json:"registrationId"`
	ErrorCode      int    `json:"errorCode,omitempty"`
	ErrorMessage   string `json:"errorMessage,omitempty"`
}

// SaveData is save_message_content's data.
type SaveData struct {
	MessageID string `json:"message_id"`
}

// BroadcastData is a broadcast call's data.
type BroadcastData struct {
	MessageID string `json:"message_id"`
	TaskID    string `json:"task_id"`
}

// InvalidRegIDData is fetch_invalid_regidList's data.
type InvalidRegIDData struct {
	RegistrationIDs []string `json:"registration_ids"`
	TotalCount      int      `json:"totalCount"`
}

// DataAs decodes the data into v.
func (r Response) DataAs(v any) error { return json.Unmarshal(r.Data, v) }

func okResponse(data any) Response {
	b, err := json.Marshal(data)
	if err != nil {
		return errorResponse(apiErr(CodeUnavailable, ""))
	}
	return Response{Code: CodeOK, Message: CodeText(CodeOK), Data: b}
}

func errorResponse(e *APIError) Response { return Response{Code: e.Code, Message: e.Message} }

// writeResponse writes r with HTTP status; quoted writes the whole body
// as a JSON string, as some OPPO responses arrive.
func writeResponse(w http.ResponseWriter, status int, r Response, quoted bool) {
	body, err := json.Marshal(r)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"code":-1,"message":"Service Currently Unavailable"}`)
	}
	if quoted {
		body, _ = json.Marshal(string(body))
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
