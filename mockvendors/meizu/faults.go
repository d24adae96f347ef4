package meizu

import (
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how Meizu fails: {"code":"<string>","message":...}
// with HTTP 200. It publishes no "down" answer, so when it is down the
// connection is refused.
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         CodeSystemError,
		protocol.ReasonVendorRateLimited:   CodeRateLimited,
		protocol.ReasonVendorQuotaExceeded: CodeAppDailyLimit,
		protocol.ReasonVendorTokenInvalid:  CodePushIDUnregistered,
		protocol.ReasonVendorAuthFailed:    CodeSignFailed,
	},
	Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
		msg := CodeText(code)
		if msg == "" {
			msg = "pushsim fault injection"
		}
		writeError(w, &APIError{Code: code, Message: msg})
	},
}
