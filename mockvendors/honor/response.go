package honor

import (
	"net/http"
	"slices"

	"github.com/pushsim/pushsim/mockvendors"
)

// Response is the answer of sendMessage. Code is a number.
type Response struct {
	Code    int           `json:"code"`
	Message string        `json:"message"`
	Data    *ResponseData `json:"data,omitempty"`
	// Status is the HTTP status the answer came with (not in the body).
	Status int `json:"-"`
}

// ResponseData is the per-token outcome.
type ResponseData struct {
	SendResult bool   `json:"sendResult"`
	RequestID  string `json:"requestId,omitempty"`
	// FailTokens are tokens the service does not know.
	FailTokens []string `json:"failTokens"`
	// ExpireTokens are tokens whose app was uninstalled.
	ExpireTokens []string `json:"expireTokens"`
}

// RequestID is the answer's request ID, if any.
func (r Response) RequestID() string {
	if r.Data == nil {
		return ""
	}
	return r.Data.RequestID
}

// CodeFor returns the outcome for one token: the call's code, except that
// in an accepted call a failed or expired token gets 80300007.
func (r Response) CodeFor(token string) int {
	if r.Code != CodeSuccess || r.Data == nil {
		return r.Code
	}
	if slices.Contains(r.Data.FailTokens, token) || slices.Contains(r.Data.ExpireTokens, token) {
		return CodeTokensInvalid
	}
	return CodeSuccess
}

func writeResponse(w http.ResponseWriter, status int, r Response) {
	mockvendors.WriteJSON(w, status, "application/json;charset=UTF-8", r)
}

func writeError(w http.ResponseWriter, e *APIError) {
	writeResponse(w, e.HTTPStatus(), Response{Code: e.Code, Message: e.Message})
}
