package vivo

import (
	"fmt"

	"github.com/pushsim/pushsim/protocol"
)

// Result codes. 0, 10070, 10093, 10094, 10200, 10201, 10252, 10254 and
// 10302 are from vivo's API document (v2.9.2); 10073 is how production
// clients read a used-up system-message total; 10000 (auth failed), 10050
// (a field failed validation) and 10071 (outside the hours operational
// messages may be sent) are pushsim's choices where the document's own
// numbers were not found.
const (
	CodeOK                = 0
	CodeAuthFailed        = 10000
	CodeInvalidParam      = 10050
	CodeTotalQuota        = 10070 // 发送总量超出限制: the day's (operational) total is used up
	CodeOutsideHours      = 10071
	CodeSystemQuota       = 10073
	CodeAuthTooFrequent   = 10093
	CodeAppIDMismatch     = 10094
	CodeAppIDEmpty        = 10200
	CodeAppKeyEmpty       = 10201
	CodeListPayloadQuota  = 10252 // saveListPayload over the limit (not mocked)
	CodeBroadcastOverused = 10254 // /message/all over the limit (not mocked)
	CodeInvalidTarget     = 10302
)

// codeText is the service's wording of each code.
var codeText = map[int]string{
	CodeOK:                "请求成功",
	CodeAuthFailed:        "鉴权失败",
	CodeInvalidParam:      "参数不合法",
	CodeTotalQuota:        "发送总量超出限制",
	CodeOutsideHours:      "不在允许发送的时间段内",
	CodeSystemQuota:       "系统消息发送总量超出限制",
	CodeAuthTooFrequent:   "鉴权调用过于频繁",
	CodeAppIDMismatch:     "appId与鉴权信息不一致",
	CodeAppIDEmpty:        "appId不能为空",
	CodeAppKeyEmpty:       "appKey不能为空",
	CodeListPayloadQuota:  "批量发送消息体超出限制",
	CodeBroadcastOverused: "全量发送超过次数限制",
	CodeInvalidTarget:     "regId不合法",
}

// CodeText is the service's message for a code ("" for unknown codes).
func CodeText(code int) string { return codeText[code] }

// APIError is a failed call: the result and desc the service answers.
type APIError struct {
	Code    int
	Message string
}

// Error writes the code and the message.
func (e *APIError) Error() string { return fmt.Sprintf("vivo %d: %s", e.Code, e.Message) }

// apiErr builds an APIError with the code's text and optional detail.
func apiErr(code int, detail string, args ...any) *APIError {
	msg := codeText[code]
	if detail != "" {
		msg += ": " + fmt.Sprintf(detail, args...)
	}
	return &APIError{Code: code, Message: msg}
}

// ReasonFor maps a vivo result to the reason a notification did not
// arrive.
func ReasonFor(code int) protocol.Reason {
	switch code {
	case CodeOK:
		return protocol.ReasonNone
	case CodeAuthFailed, CodeAppIDMismatch, CodeAppIDEmpty, CodeAppKeyEmpty:
		return protocol.ReasonVendorAuthFailed
	case CodeInvalidTarget:
		return protocol.ReasonVendorTokenInvalid
	case CodeTotalQuota, CodeSystemQuota, CodeListPayloadQuota, CodeBroadcastOverused:
		return protocol.ReasonVendorQuotaExceeded
	case CodeAuthTooFrequent, CodeOutsideHours:
		return protocol.ReasonVendorRateLimited
	}
	return protocol.ReasonVendorError
}
