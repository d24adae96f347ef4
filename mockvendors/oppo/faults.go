package oppo

import (
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how OPPO Push fails: {"code":N,"message":...} with
// HTTP 200; down is code -1 "service currently unavailable".
func (s *Server) faultAnswers() mockvendors.FaultAnswers {
	return mockvendors.FaultAnswers{
		Codes: map[protocol.Reason]string{
			protocol.ReasonVendorError:         strconv.Itoa(CodeInvalidArgument),
			protocol.ReasonVendorRateLimited:   strconv.Itoa(CodeFlowControl),
			protocol.ReasonVendorQuotaExceeded: strconv.Itoa(CodeDailyQuota),
			protocol.ReasonVendorTokenInvalid:  strconv.Itoa(CodeInvalidRegistrationID),
			protocol.ReasonVendorAuthFailed:    strconv.Itoa(CodeInvalidAuthToken),
			protocol.ReasonVendorUnavailable:   strconv.Itoa(CodeUnavailable),
		},
		Write: func(w http.ResponseWriter, _ *http.Request, code string, _ protocol.Reason) {
			n, err := strconv.Atoi(code)
			if err != nil {
				n = CodeUnavailable
			}
			writeResponse(w, http.StatusOK, errorResponse(apiErr(n, "pushsim fault injection")), s.opts.quoted)
		},
	}
}
