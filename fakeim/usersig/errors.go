package usersig

import "errors"

// Verification failures, in the order Verify checks them. Each maps to a
// REST error code through Code.
var (
	// ErrEmpty: the UserSig is the empty string (REST 70002).
	ErrEmpty = errors.New("usersig: empty")
	// ErrMalformed: the UserSig is not valid base64, zlib or JSON, or lacks
	// a required field (REST 70003).
	ErrMalformed = errors.New("usersig: malformed")
	// ErrSDKAppIDMismatch: the UserSig was issued for another SDKAppID (REST 70014).
	ErrSDKAppIDMismatch = errors.New("usersig: sdkappid does not match")
	// ErrIdentifierMismatch: the UserSig was issued for another user (REST 70013).
	ErrIdentifierMismatch = errors.New("usersig: identifier does not match")
	// ErrExpired: the UserSig's lifetime has passed (REST 70001).
	ErrExpired = errors.New("usersig: expired")
	// ErrUserBufTypeMismatch: a userbuf was expected and is absent, or the
	// other way round (REST 70009).
	ErrUserBufTypeMismatch = errors.New("usersig: userbuf presence does not match")
	// ErrUserBufMismatch: the userbuf differs from the expected one (REST 70009).
	ErrUserBufMismatch = errors.New("usersig: userbuf does not match")
	// ErrSigMismatch: the signature is wrong (another secret key, or a
	// tampered field) (REST 70009).
	ErrSigMismatch = errors.New("usersig: signature does not match")
)

// REST error codes for UserSig failures (Tencent IM error code list).
const (
	CodeExpired            = 70001
	CodeEmpty              = 70002
	CodeMalformed          = 70003
	CodeVerifyFailed       = 70009
	CodeIdentifierMismatch = 70013
	CodeSDKAppIDMismatch   = 70014
)

// Code returns the REST error code for a Verify error, 0 for nil, and
// CodeVerifyFailed for any other error.
func Code(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrEmpty):
		return CodeEmpty
	case errors.Is(err, ErrMalformed):
		return CodeMalformed
	case errors.Is(err, ErrSDKAppIDMismatch):
		return CodeSDKAppIDMismatch
	case errors.Is(err, ErrIdentifierMismatch):
		return CodeIdentifierMismatch
	case errors.Is(err, ErrExpired):
		return CodeExpired
	}
	return CodeVerifyFailed
}
