package huawei

import (
	"net/http"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how HMS Push fails: {"code":"80xxxxxx","msg":...}
// with the HTTP status of the code's class, and flow control as
// 81000001 with HTTP 503. Its 503 means throttling, not an outage, so
// when it is down the connection is refused.
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         CodeInternal,
		protocol.ReasonVendorRateLimited:   CodeInternal,
		protocol.ReasonVendorQuotaExceeded: CodeInternal,
		protocol.ReasonVendorTokenInvalid:  CodeTokensInvalid,
		protocol.ReasonVendorAuthFailed:    CodeAuthError,
	},
	Write: func(w http.ResponseWriter, r *http.Request, code string, reason protocol.Reason) {
		status := HTTPStatus(code)
		if reason == protocol.ReasonVendorRateLimited || reason == protocol.ReasonVendorQuotaExceeded {
			status = http.StatusServiceUnavailable
		}
		msg := CodeText(code)
		if msg == "" {
			msg = "pushsim fault injection"
		}
		writeResponse(w, status, Response{Code: code, Msg: msg, RequestID: "fault-" + code})
	},
}
