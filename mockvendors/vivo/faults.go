package vivo

import (
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how vivo Push fails: {"result":N,"desc":...} with HTTP
// 200 for business errors; a server that is down answers HTTP 500 (the
// only 5xx vivo sends), here written as code 500.
var faultAnswers = mockvendors.FaultAnswers{
	Codes: map[protocol.Reason]string{
		protocol.ReasonVendorError:         strconv.Itoa(CodeInvalidParam),
		protocol.ReasonVendorRateLimited:   strconv.Itoa(CodeAuthTooFrequent),
		protocol.ReasonVendorQuotaExceeded: strconv.Itoa(CodeTotalQuota),
		protocol.ReasonVendorTokenInvalid:  strconv.Itoa(CodeInvalidTarget),
		protocol.ReasonVendorAuthFailed:    strconv.Itoa(CodeAuthFailed),
		protocol.ReasonVendorUnavailable:   strconv.Itoa(http.StatusInternalServerError),
	},
	Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
		n, err := strconv.Atoi(code)
		if err != nil || n == http.StatusInternalServerError {
			http.Error(w, "Internet server error!", http.StatusInternalServerError)
			return
		}
		msg := CodeText(n)
		if msg == "" {
			msg = "pushsim fault injection"
		}
		writeResponse(w, http.StatusOK, errorResponse(&APIError{Code: n, Message: msg}))
	},
}
