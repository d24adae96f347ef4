package honor

import (
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how Honor Push fails: {"code":N,"message":...} with
// the HTTP status of the code's class, flow control as 81000001 with
// HTTP 503. Its 503 means throttling, so when it is down the connection
// is refused.
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         codeString(CodeInternal),
		protocol.ReasonVendorRateLimited:   codeString(CodeInternal),
		protocol.ReasonVendorQuotaExceeded: codeString(CodeInternal),
		protocol.ReasonVendorTokenInvalid:  codeString(CodeTokensInvalid),
		protocol.ReasonVendorAuthFailed:    codeString(CodeAuthError),
	},
	Write: func(w http.ResponseWriter, _ *http.Request, code string, reason protocol.Reason) {
		n, err := strconv.Atoi(code)
		if err != nil {
			n = CodeInternal
		}
		status := HTTPStatus(n)
		if reason == protocol.ReasonVendorRateLimited || reason == protocol.ReasonVendorQuotaExceeded {
			status = http.StatusServiceUnavailable
		}
		msg := CodeText(n)
		if msg == "" {
			msg = "pushsim fault injection"
		}
		writeResponse(w, status, Response{Code: n, Message: msg})
	},
}
