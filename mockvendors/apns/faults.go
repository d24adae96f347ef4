package apns

import (
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how APNs fails: {"reason":"..."} with the reason's
// HTTP status (ServiceUnavailable 503, TooManyRequests 429, Unregistered
// 410, ...).
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         ReasonInternalServerError,
		protocol.ReasonVendorRateLimited:   ReasonTooManyRequests,
		protocol.ReasonVendorQuotaExceeded: ReasonTooManyRequests,
		protocol.ReasonVendorTokenInvalid:  ReasonBadDeviceToken,
		protocol.ReasonVendorAuthFailed:    ReasonInvalidProviderToken,
		protocol.ReasonVendorUnavailable:   ReasonServiceUnavailable,
	},
	Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
		writeFailure(w, fail(code))
	},
}
