package apns

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

// The reasons APNs gives for refusing a notification.
const (
	ReasonBadCollapseID               = "BadCollapseId"
	ReasonBadDeviceToken              = "BadDeviceToken"
	ReasonBadExpirationDate           = "BadExpirationDate"
	ReasonBadMessageID                = "BadMessageId"
	ReasonBadPriority                 = "BadPriority"
	ReasonBadTopic                    = "BadTopic"
	ReasonDeviceTokenNotForTopic      = "DeviceTokenNotForTopic"
	ReasonDuplicateHeaders            = "DuplicateHeaders"
	ReasonIdleTimeout                 = "IdleTimeout"
	ReasonInvalidPushType             = "InvalidPushType"
	ReasonMissingDeviceToken          = "MissingDeviceToken"
	ReasonMissingTopic                = "MissingTopic"
	ReasonPayloadEmpty                = "PayloadEmpty"
	ReasonTopicDisallowed             = "TopicDisallowed"
	ReasonBadCertificate              = "BadCertificate"
	ReasonBadCertificateEnvironment   = "BadCertificateEnvironment"
	ReasonExpiredProviderToken        = "ExpiredProviderToken"
	ReasonForbidden                   = "Forbidden"
	ReasonInvalidProviderToken        = "InvalidProviderToken"
	ReasonMissingProviderToken        = "MissingProviderToken"
	ReasonBadPath                     = "BadPath"
	ReasonMethodNotAllowed            = "MethodNotAllowed"
	ReasonExpiredToken                = "ExpiredToken"
	ReasonUnregistered                = "Unregistered"
	ReasonPayloadTooLarge             = "PayloadTooLarge"
	ReasonTooManyProviderTokenUpdates = "TooManyProviderTokenUpdates"
	ReasonTooManyRequests             = "TooManyRequests"
	ReasonInternalServerError         = "InternalServerError"
	ReasonServiceUnavailable          = "ServiceUnavailable"
	ReasonShutdown                    = "Shutdown"
)

// StatusOf is the HTTP status APNs answers each reason with.
func StatusOf(reason string) int {
	switch reason {
	case ReasonBadCertificate, ReasonBadCertificateEnvironment, ReasonExpiredProviderToken, ReasonForbidden,
		ReasonInvalidProviderToken, ReasonMissingProviderToken:
		return http.StatusForbidden
	case ReasonBadPath:
		return http.StatusNotFound
	case ReasonMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case ReasonExpiredToken, ReasonUnregistered:
		return http.StatusGone
	case ReasonPayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case ReasonTooManyProviderTokenUpdates, ReasonTooManyRequests:
		return http.StatusTooManyRequests
	case ReasonInternalServerError:
		return http.StatusInternalServerError
	case ReasonServiceUnavailable, ReasonShutdown:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// ErrorBody is an error answer's body. Timestamp (ms since the epoch) is
// set on 410 answers: when APNs learned the token stopped being valid.
type ErrorBody struct {
	Reason    string `json:"reason"`
	Timestamp int64  `json:"timestamp,omitempty"`
}

// Failure is a refusal: the reason, and the 410 timestamp.
type Failure struct {
	Reason    string
	Timestamp int64
}

// Error writes the status and reason.
func (f *Failure) Error() string { return "apns " + strconv.Itoa(StatusOf(f.Reason)) + " " + f.Reason }

func fail(reason string) *Failure { return &Failure{Reason: reason} }

func writeFailure(w http.ResponseWriter, f *Failure) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(StatusOf(f.Reason))
	_ = json.NewEncoder(w).Encode(ErrorBody{Reason: f.Reason, Timestamp: f.Timestamp})
}

// ReasonFor maps an answer to the reason a notification did not arrive:
// token problems (a bad, unregistered or other app's device token) are
// vendor_token_invalid; provider authentication and topics the provider
// may not use are vendor_auth_failed; 429s are rate limits; the rest are
// vendor_error.
func ReasonFor(status int, reason string) protocol.Reason {
	if status == http.StatusOK {
		return protocol.ReasonNone
	}
	switch reason {
	case ReasonBadDeviceToken, ReasonUnregistered, ReasonExpiredToken, ReasonDeviceTokenNotForTopic, ReasonMissingDeviceToken:
		return protocol.ReasonVendorTokenInvalid
	case ReasonMissingProviderToken, ReasonInvalidProviderToken, ReasonExpiredProviderToken, ReasonBadCertificate,
		ReasonBadCertificateEnvironment, ReasonForbidden, ReasonTopicDisallowed, ReasonMissingTopic, ReasonBadTopic:
		return protocol.ReasonVendorAuthFailed
	case ReasonTooManyRequests, ReasonTooManyProviderTokenUpdates:
		return protocol.ReasonVendorRateLimited
	}
	if status == http.StatusServiceUnavailable {
		return protocol.ReasonVendorUnavailable
	}
	return protocol.ReasonVendorError
}
