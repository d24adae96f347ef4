package huawei

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// Result codes of messages:send. HMS writes them as strings.
const (
	CodeSuccess        = "80000000" // every token accepted
	CodePartialSuccess = "80100000" // some tokens accepted; msg lists the illegal ones
	CodeParamError     = "80100001" // a request parameter is wrong
	CodeIllegalPayload = "80100003" // the message structure is wrong
	CodeIllegalTTL     = "80100004" // the message's expiry is already past
	CodeAuthError      = "80200001" // Authorization missing or wrong, or a token of another app
	CodeTokenExpired   = "80200003" // the OAuth access token expired
	CodeNoPermission   = "80300002" // the app may not send (push service not enabled)
	CodeTokensInvalid  = "80300007" // no token in the message is valid
	CodeTooLarge       = "80300008" // the message body exceeds 4096 bytes without tokens
	CodeTokenCount     = "80300010" // the message names no token or more than 1000
	CodeInternal       = "81000001" // system internal error; also sent with HTTP 503 flow control
)

// codeText is the service's wording of each code.
var codeText = map[string]string{
	CodeSuccess:        "Success",
	CodePartialSuccess: "Partial success",
	CodeParamError:     "Check parameter error",
	CodeIllegalPayload: "Illegal payload",
	CodeIllegalTTL:     "Illegal expire time",
	CodeAuthError:      "Oauth authentication error",
	CodeTokenExpired:   "Oauth Token expired.",
	CodeNoPermission:   "No permission to send message to these tokens",
	CodeTokensInvalid:  "All the tokens are invalid",
	CodeTooLarge:       "Push message size is too long",
	CodeTokenCount:     "The number of tokens in the message body exceeds the default value",
	CodeInternal:       "Inner error",
}

// CodeText is the service's message for a code ("" for unknown codes).
func CodeText(code string) string { return codeText[code] }

// HTTPStatus is the HTTP status HMS answers a code with: 200 for success
// and partial success, 400 for request errors, 401 for authentication and
// permission errors, 500 for server errors. Flow control is 503 whatever
// the code.
func HTTPStatus(code string) int {
	switch {
	case code == CodeSuccess || code == CodePartialSuccess:
		return http.StatusOK
	case code == CodeNoPermission || strings.HasPrefix(code, "802"):
		return http.StatusUnauthorized
	case strings.HasPrefix(code, "801"), strings.HasPrefix(code, "803"):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// APIError is a failure of a whole call: its code and message.
type APIError struct {
	Code    string
	Message string
	// Status overrides HTTPStatus(Code) when non-zero (503 flow control).
	Status int
}

// Error writes the code and the message.
func (e *APIError) Error() string { return fmt.Sprintf("huawei %s: %s", e.Code, e.Message) }

// HTTPStatus is the status the error is answered with.
func (e *APIError) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	return HTTPStatus(e.Code)
}

// apiErr builds an APIError with the code's text and optional detail.
func apiErr(code string, detail string, args ...any) *APIError {
	msg := codeText[code]
	if detail != "" {
		msg += ", " + fmt.Sprintf(detail, args...)
	}
	return &APIError{Code: code, Message: msg}
}

// ReasonFor maps an HMS code, with the HTTP status it came with, to the
// reason a notification did not arrive. HTTP 503 is flow control whatever
// the code.
func ReasonFor(code string, status int) protocol.Reason {
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
