package fcm

import (
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how FCM v1 fails: Google's error envelope with the
// FcmError code and its HTTP status (UNAVAILABLE 503, QUOTA_EXCEEDED 429,
// ...). FCM's quota is per minute, so quota and rate faults alike answer
// QUOTA_EXCEEDED.
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         string(ErrInternal),
		protocol.ReasonVendorRateLimited:   string(ErrQuotaExceeded),
		protocol.ReasonVendorQuotaExceeded: string(ErrQuotaExceeded),
		protocol.ReasonVendorTokenInvalid:  string(ErrUnregistered),
		protocol.ReasonVendorAuthFailed:    string(ErrThirdPartyAuth),
		protocol.ReasonVendorUnavailable:   string(ErrUnavailable),
	},
	Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
		c := ErrorCode(code)
		if _, ok := fcmStatus[c]; !ok {
			c = ErrInternal
		}
		writeError(w, fcmErr(c, ""))
	},
}
