package oppo

import (
	"fmt"

	"github.com/pushsim/pushsim/protocol"
)

// Public result codes (OPPO's "调用地址，公共参数和返回码") and the
// unicast business code for a bad target.
const (
	CodeFlowControl           = -2 // server flow control
	CodeUnavailable           = -1 // service currently unavailable
	CodeOK                    = 0
	CodeInvalidAuthToken      = 11
	CodeMethodNotAllowed      = 12 // HTTP method not allowed
	CodeCallLimit             = 13 // app call limit exceeded
	CodeInvalidAppKey         = 14
	CodeMissingAppKey         = 15
	CodeInvalidSign           = 16
	CodeMissingSign           = 17
	CodeMissingTimestamp      = 18
	CodeInvalidTimestamp      = 19
	CodeInvalidMethod         = 20
	CodeMissingMethod         = 21
	CodeIPBlacklisted         = 26
	CodeAccessDenied          = 27
	CodeAppDisabled           = 28
	CodeMissingAuthToken      = 29
	CodeNoPushPermission      = 30
	CodeDataNotExist          = 31
	CodeDataDuplicate         = 32
	CodeDailyQuota            = 33 // daily message quota exceeded
	CodeMissingArgument       = 40
	CodeInvalidArgument       = 41
	CodeFrequencyLimit        = 55 // app call frequency limit
	CodeInvalidCategory       = 67 // category / notify_level invalid
	CodeInvalidRegistrationID = 10000
)

// codeText is the service's wording of each code.
var codeText = map[int]string{
	CodeFlowControl:           "Server Flow Control",
	CodeUnavailable:           "Service Currently Unavailable",
	CodeOK:                    "Success",
	CodeInvalidAuthToken:      "Invalid AuthToken",
	CodeMethodNotAllowed:      "Http Action Not Allowed",
	CodeCallLimit:             "App Call Limited",
	CodeInvalidAppKey:         "Invalid App Key",
	CodeMissingAppKey:         "Missing App Key",
	CodeInvalidSign:           "Invalid Signature",
	CodeMissingSign:           "Missing Signature",
	CodeMissingTimestamp:      "Missing Timestamp",
	CodeInvalidTimestamp:      "Invalid Timestamp",
	CodeInvalidMethod:         "Invalid Method",
	CodeMissingMethod:         "Missing Method",
	CodeIPBlacklisted:         "Invalid Ip",
	CodeAccessDenied:          "Access Denied",
	CodeAppDisabled:           "App Disabled",
	CodeMissingAuthToken:      "Missing AuthToken",
	CodeNoPushPermission:      "Api Permission Denied",
	CodeDataNotExist:          "Data Not Exist",
	CodeDataDuplicate:         "Data Duplicate",
	CodeDailyQuota:            "Push Count Exceed Limit",
	CodeMissingArgument:       "Missing Required Arguments",
	CodeInvalidArgument:       "Invalid Arguments",
	CodeFrequencyLimit:        "App Call Frequency Limited",
	CodeInvalidCategory:       "Invalid Category Or Notify Level",
	CodeInvalidRegistrationID: "Invalid Registration_id",
}

// CodeText is the service's message for a code ("" for unknown codes).
func CodeText(code int) string { return codeText[code] }

// APIError is a failed call: the code and message the service answers.
type APIError struct {
	Code    int
	Message string
}

// Error writes the code and the message.
func (e *APIError) Error() string { return fmt.Sprintf("oppo %d: %s", e.Code, e.Message) }

// apiErr builds an APIError with the code's text and optional detail.
func apiErr(code int, detail string, args ...any) *APIError {
	msg := codeText[code]
	if detail != "" {
		msg += ": " + fmt.Sprintf(detail, args...)
	}
	return &APIError{Code: code, Message: msg}
}

// ReasonFor maps an OPPO code to the reason a notification did not arrive.
func ReasonFor(code int) protocol.Reason {
	switch code {
	case CodeOK:
		return protocol.ReasonNone
	case CodeInvalidAuthToken, CodeMissingAuthToken, CodeInvalidAppKey, CodeMissingAppKey, CodeInvalidSign,
		CodeMissingSign, CodeMissingTimestamp, CodeInvalidTimestamp, CodeIPBlacklisted, CodeAccessDenied,
		CodeAppDisabled, CodeNoPushPermission:
		return protocol.ReasonVendorAuthFailed
	case CodeInvalidRegistrationID:
		return protocol.ReasonVendorTokenInvalid
	case CodeFlowControl, CodeCallLimit, CodeFrequencyLimit:
		return protocol.ReasonVendorRateLimited
	case CodeDailyQuota:
		return protocol.ReasonVendorQuotaExceeded
	case CodeUnavailable:
		return protocol.ReasonVendorUnavailable
	}
	return protocol.ReasonVendorError
}
