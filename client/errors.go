package client

import (
	"errors"
	"fmt"
	"net/http"
)

// Kinds of error, for errors.Is on an *Error.
var (
	// ErrNotFound: no such device, notification, message key or vendor (404).
	ErrNotFound = errors.New("not found")
	// ErrBadRequest: the request was malformed: bad JSON, an invalid
	// device, a bad filter (400).
	ErrBadRequest = errors.New("bad request")
	// ErrConflict: the device's state does not allow the action, or the
	// ID is taken (409).
	ErrConflict = errors.New("conflict")
	// ErrMethodNotAllowed: the route does not take this method (405).
	ErrMethodNotAllowed = errors.New("method not allowed")
)

// Error is an error answer of the server.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Message is the server's explanation (the body's "error").
	Message string
	// Method and Path are the request's.
	Method, Path string
}

// Error renders the request, the status and the server's message.
func (e *Error) Error() string {
	return fmt.Sprintf("pushsim: %s %s: %d %s: %s", e.Method, e.Path, e.Status, http.StatusText(e.Status), e.Message)
}

// Is reports whether the error is of the kind target (ErrNotFound, ...).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrBadRequest:
		return e.Status == http.StatusBadRequest
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrMethodNotAllowed:
		return e.Status == http.StatusMethodNotAllowed
	}
	return false
}
