package huawei

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/pushsim/pushsim/mockvendors"
)

// Response is the answer of messages:send. Code is a string; for a
// partial success Msg is itself a JSON string (see PartialResult).
type Response struct {
	Code      string `json:"code"`
	Msg       string `json:"msg"`
	RequestID string `json:"requestId"`
	// Status is the HTTP status the answer came with (not in the body).
	Status int `json:"-"`
}

// PartialResult is the msg of a partial success (80100000).
type PartialResult struct {
	Success       int      `json:"success"`
	Failure       int      `json:"failure"`
	IllegalTokens []string `json:"illegal_tokens"`
}

// Partial decodes the msg of a partial success.
func (r Response) Partial() (PartialResult, bool) {
	if r.Code != CodePartialSuccess {
		return PartialResult{}, false
	}
	var p PartialResult
	if json.Unmarshal([]byte(r.Msg), &p) != nil {
		return PartialResult{}, false
	}
	return p, true
}

// CodeFor returns the outcome for one token: the call's code, except that
// in a partial success a token listed as illegal gets 80300007 and any
// other token 80000000.
func (r Response) CodeFor(token string) string {
	p, ok := r.Partial()
	if !ok {
		return r.Code
	}
	if slices.Contains(p.IllegalTokens, token) {
		return CodeTokensInvalid
	}
	return CodeSuccess
}

func writeResponse(w http.ResponseWriter, status int, r Response) {
	mockvendors.WriteJSON(w, status, "application/json;charset=UTF-8", r)
}

func writeError(w http.ResponseWriter, e *APIError, requestID string) {
	writeResponse(w, e.HTTPStatus(), Response{Code: e.Code, Msg: e.Message, RequestID: requestID})
}
