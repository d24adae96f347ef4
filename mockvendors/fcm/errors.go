package fcm

import (
	"fmt"
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
)

// ErrorCode is FCM's errorCode, carried in the google.firebase.fcm.v1.FcmError
// detail of an error answer.
type ErrorCode string

// The FCM error codes.
const (
	ErrUnspecified      ErrorCode = "UNSPECIFIED_ERROR"
	ErrInvalidArgument  ErrorCode = "INVALID_ARGUMENT"
	ErrUnregistered     ErrorCode = "UNREGISTERED"
	ErrSenderIDMismatch ErrorCode = "SENDER_ID_MISMATCH"
	ErrQuotaExceeded    ErrorCode = "QUOTA_EXCEEDED"
	ErrUnavailable      ErrorCode = "UNAVAILABLE"
	ErrInternal         ErrorCode = "INTERNAL"
	ErrThirdPartyAuth   ErrorCode = "THIRD_PARTY_AUTH_ERROR"
)

// The @type of each error detail.
const (
	errorCodeDetailType  = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
	badRequestDetailType = "type.googleapis.com/google.rpc.BadRequest"
	errorInfoDetailType  = "type.googleapis.com/google.rpc.ErrorInfo"
)

// The Google RPC status names an error answer carries.
const (
	StatusInvalidArgument   = "INVALID_ARGUMENT"
	StatusNotFound          = "NOT_FOUND"
	StatusPermissionDenied  = "PERMISSION_DENIED"
	StatusResourceExhausted = "RESOURCE_EXHAUSTED"
	StatusUnavailable       = "UNAVAILABLE"
	StatusInternal          = "INTERNAL"
	StatusUnauthenticated   = "UNAUTHENTICATED"
)

// fcmStatus is the HTTP status and RPC status of each FCM error code.
var fcmStatus = map[ErrorCode]struct {
	http   int
	status string
	msg    string
}{
	ErrInvalidArgument:  {http.StatusBadRequest, StatusInvalidArgument, "Request contains an invalid argument."},
	ErrUnregistered:     {http.StatusNotFound, StatusNotFound, "Requested entity was not found."},
	ErrSenderIDMismatch: {http.StatusForbidden, StatusPermissionDenied, "SenderId mismatch"},
	ErrQuotaExceeded:    {http.StatusTooManyRequests, StatusResourceExhausted, "Quota exceeded for the project's sending rate."},
	ErrUnavailable:      {http.StatusServiceUnavailable, StatusUnavailable, "The service is currently unavailable."},
	ErrInternal:         {http.StatusInternalServerError, StatusInternal, "Internal error encountered."},
	ErrThirdPartyAuth:   {http.StatusUnauthorized, StatusUnauthenticated, "Auth error from APNS or Web Push Service"},
}

// FieldViolation is one entry of a google.rpc.BadRequest detail.
type FieldViolation struct {
	Field       string `json:"field"`
	Description string `json:"description"`
}

// Detail is one entry of an error's details: an FcmError (ErrorCode), a
// BadRequest (FieldViolations) or an ErrorInfo (Reason, Domain, Metadata).
type Detail struct {
	Type            string            `json:"@type"`
	ErrorCode       ErrorCode         `json:"errorCode,omitempty"`
	FieldViolations []FieldViolation  `json:"fieldViolations,omitempty"`
	Reason          string            `json:"reason,omitempty"`
	Domain          string            `json:"domain,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
}

// ErrorBody is the "error" object of Google's error envelope.
type ErrorBody struct {
	Code    int      `json:"code"`
	Message string   `json:"message"`
	Status  string   `json:"status"`
	Details []Detail `json:"details,omitempty"`
}

// ErrorResponse is Google's error envelope: {"error": {...}}.
type ErrorResponse struct {
	Error ErrorBody `json:"error"`
}

// FcmCode returns the errorCode of the response's FcmError detail, or "".
func (r ErrorResponse) FcmCode() ErrorCode {
	for _, d := range r.Error.Details {
		if d.Type == errorCodeDetailType {
			return d.ErrorCode
		}
	}
	return ""
}

// Violations returns the field violations of the BadRequest detail.
func (r ErrorResponse) Violations() []FieldViolation {
	var out []FieldViolation
	for _, d := range r.Error.Details {
		if d.Type == badRequestDetailType {
			out = append(out, d.FieldViolations...)
		}
	}
	return out
}

// APIError is an error answer of the send API.
type APIError struct {
	HTTPStatus int
	Status     string
	Message    string
	// Code is the FcmError code; "" for front-end errors (authentication,
	// malformed JSON) that carry no FcmError detail.
	Code       ErrorCode
	Violations []FieldViolation
	// Reason is an ErrorInfo reason (ACCESS_TOKEN_EXPIRED, ...), if any.
	Reason string
}

// Error writes the status and the message.
func (e *APIError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("fcm %d %s (%s): %s", e.HTTPStatus, e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("fcm %d %s: %s", e.HTTPStatus, e.Status, e.Message)
}

// Response renders e as Google's envelope.
func (e *APIError) Response() ErrorResponse {
	body := ErrorBody{Code: e.HTTPStatus, Message: e.Message, Status: e.Status}
	if e.Code != "" {
		body.Details = append(body.Details, Detail{Type: errorCodeDetailType, ErrorCode: e.Code})
	}
	if len(e.Violations) > 0 {
		body.Details = append(body.Details, Detail{Type: badRequestDetailType, FieldViolations: e.Violations})
	}
	if e.Reason != "" {
		body.Details = append(body.Details, Detail{Type: errorInfoDetailType, Reason: e.Reason, Domain: "googleapis.com",
			Metadata: map[string]string{"service": "fcm.googleapis.com", "method": "google.firebase.fcm.v1.FcmService.SendMessage"}})
	}
	return ErrorResponse{Error: body}
}

// fcmErr builds an error with an FcmError detail; an empty msg uses the
// code's usual wording.
func fcmErr(code ErrorCode, msg string) *APIError {
	s := fcmStatus[code]
	if msg == "" {
		msg = s.msg
	}
	return &APIError{HTTPStatus: s.http, Status: s.status, Message: msg, Code: code}
}

// invalidArg is an INVALID_ARGUMENT with one field violation. The message
// is the violation's description, as FCM writes token and payload errors.
func invalidArg(field, description string) *APIError {
	e := fcmErr(ErrInvalidArgument, description)
	e.Violations = []FieldViolation{{Field: field, Description: description}}
	return e
}

// frontEndArg is an INVALID_ARGUMENT from Google's JSON front end (unknown
// field, wrong type): a BadRequest detail and no FcmError.
func frontEndArg(field, description string) *APIError {
	return &APIError{HTTPStatus: http.StatusBadRequest, Status: StatusInvalidArgument, Message: description,
		Violations: []FieldViolation{{Field: field, Description: description}}}
}

// Authentication failures, in the front end's words.
var (
	errCredentialsMissing = &APIError{HTTPStatus: http.StatusUnauthorized, Status: StatusUnauthenticated, Reason: "CREDENTIALS_MISSING",
		Message: "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."}
	errTokenInvalid = &APIError{HTTPStatus: http.StatusUnauthorized, Status: StatusUnauthenticated, Reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED",
		Message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."}
	errTokenExpired = &APIError{HTTPStatus: http.StatusUnauthorized, Status: StatusUnauthenticated, Reason: "ACCESS_TOKEN_EXPIRED",
		Message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."}
)

// permissionDenied refuses a project the caller may not send for (or that
// does not exist).
func permissionDenied(project string) *APIError {
	return &APIError{HTTPStatus: http.StatusForbidden, Status: StatusPermissionDenied,
		Message: fmt.Sprintf("Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/%s' (or it may not exist).", project)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	mockvendors.WriteIndentedJSON(w, status, "application/json; charset=UTF-8", "  ", v)
}

func writeError(w http.ResponseWriter, e *APIError) {
	if e.HTTPStatus == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
	}
	writeJSON(w, e.HTTPStatus, e.Response())
}
