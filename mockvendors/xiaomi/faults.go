package xiaomi

import (
	"net/http"
	"strconv"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/protocol"
)

// faultAnswers is how MiPush fails: {"result":"error","code":N,...}
// always with HTTP 200. It has no "unavailable" code: callers treat
// anything but a 200 as a network error, so when it is down the
// connection is refused.
func (s *Server) faultAnswers() mockvendors.FaultAnswers {
	return mockvendors.FaultAnswers{
		Codes: map[protocol.Reason]string{
			protocol.ReasonVendorError:         codeString(CodeSystemError),
			protocol.ReasonVendorRateLimited:   codeString(CodeAppRateLimited),
			protocol.ReasonVendorQuotaExceeded: codeString(CodeDailyQuota),
			protocol.ReasonVendorTokenInvalid:  codeString(CodeNoValidTargets),
			protocol.ReasonVendorAuthFailed:    codeString(CodeAuthFailed),
		},
		Write: func(w http.ResponseWriter, r *http.Request, code string, _ protocol.Reason) {
			n, err := strconv.Atoi(code)
			if err != nil {
				n = CodeSystemError
			}
			resp := errorResponse(apiErr(n, "pushsim fault injection"))
			resp.TraceID = s.state.traceID(s.cfg.Seed, "fault", r.Method, r.URL.Path, code)
			writeResponse(w, resp)
		},
	}
}
