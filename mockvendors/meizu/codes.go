package meizu

import (
	"fmt"

	"github.com/pushsim/pushsim/protocol"
)

// Result codes. Meizu writes them as strings. Some are top-level (the
// whole call), some per target (keys of "value"); 110010 is both: the
// app's request rate at top level, a closed message switch per target.
const (
	CodeOK                 = "200"
	CodeOther              = "500"
	CodeSystemError        = "1001"
	CodeBusy               = "1003"
	CodeParamError         = "1005"
	CodeSignFailed         = "1006"
	CodeBadAppID           = "110000"
	CodeBadAppKey          = "110001"
	CodePushIDUnregistered = "110002"
	CodePushIDIllegal      = "110003"
	CodeParamEmpty         = "110004"
	CodeAliasUnsubscribed  = "110005"
	CodeAppBlacklisted     = "110009"
	CodeRateLimited        = "110010"
	CodePublicDailyLimit   = "110011"
	CodeAppDailyLimit      = "110019"
	CodeBadPackage         = "110031"
	CodeBadTaskID          = "110032"
	CodeBadAppSecret       = "110033"
	CodeAppCountLimit      = "110051"
	CodePassThroughLimit   = "110053"

	CodeNoPermission = "201"
	CodeDBError      = "501"
	CodePushFailed   = "513"
	CodeSpeedLimit   = "518"
	CodeOverloaded   = "519"
	CodeFolded       = "520"
)

// codeText is the service's wording of each code.
var codeText = map[string]string{
	CodeOK:                 "",
	CodeOther:              "其他异常",
	CodeSystemError:        "系统错误",
	CodeBusy:               "服务器忙",
	CodeParamError:         "参数错误，请参考API文档",
	CodeSignFailed:         "签名认证失败",
	CodeBadAppID:           "appId不合法",
	CodeBadAppKey:          "appKey不合法",
	CodePushIDUnregistered: "pushId失效(pushId未订阅或者消息开关关闭)",
	CodePushIDIllegal:      "pushId非法",
	CodeParamEmpty:         "参数不能为空",
	CodeAliasUnsubscribed:  "alias失效(alias未订阅或者消息开关关闭)",
	CodeAppBlacklisted:     "应用被加入黑名单",
	CodeRateLimited:        "应用请求频率超过限制",
	CodePublicDailyLimit:   "公信消息超过每日限制",
	CodeAppDailyLimit:      "超过应用每日推送条数限制",
	CodeBadPackage:         "packageName不合法",
	CodeBadAppSecret:       "appSecret不合法",
	CodePassThroughLimit:   "透传超过限制",
	CodeSpeedLimit:         "推送超过速度限制",
	CodeFolded:             "消息折叠",
}

// CodeText is the service's message for a code ("" for unknown codes).
func CodeText(code string) string { return codeText[code] }

// APIError is a top-level failure: the code and message the service answers.
type APIError struct {
	Code    string
	Message string
}

// Error writes the code and the message.
func (e *APIError) Error() string { return fmt.Sprintf("meizu %s: %s", e.Code, e.Message) }

// apiErr builds an APIError with the code's text and optional detail.
func apiErr(code string, detail string, args ...any) *APIError {
	msg := codeText[code]
	if detail != "" {
		msg += ": " + fmt.Sprintf(detail, args...)
	}
	return &APIError{Code: code, Message: msg}
}

// ReasonFor maps a Meizu code to the reason a notification did not
// arrive. topLevel tells a call's code from a target's (110010 means a rate
// limit for a call and a closed message switch for a target).
func ReasonFor(code string, topLevel bool) protocol.Reason {
	switch code {
	case CodeOK:
		return protocol.ReasonNone
	case CodeSignFailed, CodeBadAppID, CodeBadAppKey, CodeBadAppSecret, CodeAppBlacklisted, CodeBadPackage:
		return protocol.ReasonVendorAuthFailed
	case CodePushIDUnregistered, CodePushIDIllegal, CodeAliasUnsubscribed:
		return protocol.ReasonVendorTokenInvalid
	case CodeRateLimited:
		if topLevel {
			return protocol.ReasonVendorRateLimited
		}
		return protocol.ReasonVendorTokenInvalid
	case CodeSpeedLimit:
		return protocol.ReasonVendorRateLimited
	case CodeFolded:
		return protocol.ReasonVendorFolded
	case CodePublicDailyLimit, CodeAppDailyLimit:
		return protocol.ReasonVendorQuotaExceeded
	case CodePassThroughLimit:
		return protocol.ReasonVendorUnsupportedType
	}
	return protocol.ReasonVendorError
}
