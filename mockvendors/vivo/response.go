package vivo

import (
	"encoding/json"
	"net/http"
)

// Response is the service's answer: result 0 and "请求成功" on success,
// with the call's authToken or taskId; a business error's result and
// desc; for an invalid target, the target in invalidUser.
type Response struct {
	Result      int          `json:"result"`
	Desc        string       `json:"desc"`
	AuthToken   string       `json:"authToken,omitempty"`
	TaskID      string       `json:"taskId,omitempty"`
	InvalidUser *InvalidUser `json:"invalidUser,omitempty"`
}

// InvalidUser names a refused target. pushsim writes status 1 for every
// unknown, malformed or unregistered target (what vivo's other status
// values mean is not documented).
type InvalidUser struct {
	Status int    `json:"status"`
	UserID string `json:"userid"`
}

// OK reports whether the call succeeded.
func (r Response) OK() bool { return r.Result == CodeOK }

func okResponse() Response { return Response{Result: CodeOK, Desc: CodeText(CodeOK)} }

func errorResponse(e *APIError) Response { return Response{Result: e.Code, Desc: e.Message} }

// writeResponse writes r as JSON with HTTP 200; only a server fault is
// HTTP 500, with the document's plain body.
func writeResponse(w http.ResponseWriter, status int, r Response) {
	body, err := json.Marshal(r)
	if err != nil {
		http.Error(w, "Internet server error!", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
