package honor

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

// Result codes of sendMessage. Honor writes them as numbers.
const (
	CodeSuccess        = 200
	CodeParamError     = 80100001
	CodeIllegalPayload = 80100003
	CodeAuthError      = 80200001
	CodeTokenExpired   = 80200003
	CodeNoPermission   = 80300002
	CodeTokensInvalid  = 80300007
	CodeTooLarge       = 80300008
	CodeTokenCount     = 80300010
	CodeInternal       = 81000001
)

var codeText = map[int]string{
	CodeSuccess:        "success",
	CodeParamError:     "check parameter error",
	CodeIllegalPayload: "illegal payload",
	CodeAuthError:      "authentication error",
	CodeTokenExpired:   "access token expired",
	CodeNoPermission:   "no permission to send messages",
	CodeTokensInvalid:  "all the tokens are invalid",
	CodeTooLarge:       "message body too large",
	CodeTokenCount:     "token count should be within 1 and 1000",
	CodeInternal:       "internal error",
}

// CodeText is the message for a code ("" for unknown codes).
func CodeText(code int) string { return codeText[code] }

// HTTPStatus is the HTTP status a code is answered with: 200 for success,
// 401 for authentication and permission errors, 400 for other request
// errors, 500 for server errors.
func HTTPStatus(code int) int {
	switch {
	case code == CodeSuccess:
		return http.StatusOK
	case code == CodeNoPermission || code/100000 == 802:
		return http.StatusUnauthorized
	case code/100000 == 801 || code/100000 == 803:
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// APIError is a failure of a whole call.
type APIError struct {
	Code    int
	Message string
	// Status overrides HTTPStatus(Code) when non-zero (503 flow control).
	Status int
}

// Error writes the code and the message.
func (e *APIError) Error() string { return fmt.Sprintf("honor %d: %s", e.Code, e.Message) }

// HTTPStatus is the status the error is answered with.
func (e *APIError) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	return HTTPStatus(e.Code)
}

func apiErr(code int, detail string, args ...any) *APIError {
	msg := codeText[code]
	if detail != "" {
		msg += ": " + fmt.Sprintf(detail, args...)
	}
	return &APIError{Code: code, Message: msg}
}

// ReasonFor maps a Honor code, with its HTTP status, to the reason a
// notification did not arrive. HTTP 503 is flow control.
func ReasonFor(code, status int) protocol.Reason {
	if status == http.StatusServiceUnavailable {
		return protocol.ReasonVendorRateLimited
	}
	switch code {
	case CodeSuccess:
		return protocol.ReasonNone
	case CodeAuthError, CodeTokenExpired, CodeNoPermission:
		return protocol.ReasonVendorAuthFailed
	case CodeTokensInvalid:
		return protocol.ReasonVendorTokenInvalid
	}
	return protocol.ReasonVendorError
}

// codeString writes a code as PushResult.Code does.
func codeString(code int) string { return strconv.Itoa(code) }
