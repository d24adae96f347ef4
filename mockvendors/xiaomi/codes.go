package xiaomi

import (
	"fmt"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
)

// Result codes. Xiaomi writes them as JSON numbers. Codes other than 0
// and 20301 are recalled from Xiaomi's server SDK (ErrorCode) and marked
// unverified in the reference; 200002 stands for the 2000xx family of
// daily-quota errors.
const (
	CodeOK               = 0
	CodeSystemError      = 10001
	CodeServicePaused    = 10002
	CodeBadRequest       = 10008 // the request could not be read
	CodeParamMissing     = 10016
	CodeParamInvalid     = 10017
	CodeRequestTooLong   = 10018
	CodeAPINotFound      = 10020
	CodeMethodNotAllowed = 10021
	CodeIPRateLimited    = 10022
	CodeAppRateLimited   = 10023
	CodeNoValidTargets   = 20301
	CodeAuthFailed       = 21301
	CodeAppNotFound      = 22001
	CodeBadPackage       = 22006
	CodeBadTopic         = 22007
	CodeDailyQuota       = 200002
)

// codeText is the service's "description" for each code.
var codeText = map[int]string{
	CodeOK:               "成功",
	CodeSystemError:      "系统错误",
	CodeServicePaused:    "服务暂停",
	CodeBadRequest:       "请求参数错误",
	CodeParamMissing:     "缺失必选参数",
	CodeParamInvalid:     "参数值非法",
	CodeRequestTooLong:   "请求长度超过限制",
	CodeAPINotFound:      "请求的API不存在",
	CodeMethodNotAllowed: "HTTP请求方法不正确",
	CodeIPRateLimited:    "IP请求频率超过限制",
	CodeAppRateLimited:   "用户请求频率超过限制",
	CodeNoValidTargets:   "发送消息失败",
	CodeAuthFailed:       "认证失败",
	CodeAppNotFound:      "应用不存在",
	CodeBadPackage:       "无效的包名",
	CodeBadTopic:         "无效的topic",
	CodeDailyQuota:       "超过每日推送数量限制",
}

// CodeText is the service's description of a code ("" for unknown codes).
func CodeText(code int) string { return codeText[code] }

// APIError is a failed call: the code, its description, and the reason
// (the service's English detail).
type APIError struct {
	Code   int
	Reason string
}

// Error writes the code, its description and the reason.
func (e *APIError) Error() string {
	return fmt.Sprintf("xiaomi %d: %s: %s", e.Code, CodeText(e.Code), e.Reason)
}

// apiErr builds an APIError whose reason is the formatted detail.
func apiErr(code int, reason string, args ...any) *APIError {
	return &APIError{Code: code, Reason: fmt.Sprintf(reason, args...)}
}

// ReasonFor maps a Xiaomi code to the reason a notification did not arrive.
func ReasonFor(code int) protocol.Reason {
	switch {
	case code == CodeOK:
		return protocol.ReasonNone
	case code == CodeAuthFailed, code == CodeAppNotFound, code == 22002, code == CodeBadPackage:
		return protocol.ReasonVendorAuthFailed
	case code == CodeNoValidTargets:
		return protocol.ReasonVendorTokenInvalid
	case code == CodeIPRateLimited, code == CodeAppRateLimited, code == 10024:
		return protocol.ReasonVendorRateLimited
	case code >= 200000 && code < 200100:
		return protocol.ReasonVendorQuotaExceeded
	}
	return protocol.ReasonVendorError
}

// codeString writes a code as PushResult.Code carries it.
func codeString(code int) string { return strconv.Itoa(code) }
