package fakeim

import (
	"fmt"

	"github.com/pushsim/pushsim/protocol"
)

// REST error codes fakeim answers with (Tencent IM's error code list; the
// UserSig codes 70001–70014 come from usersig.Code).
const (
	CodeHTTPParse          = 60002 // HTTP parse error (method, query)
	CodeJSONParse          = 60003 // JSON parse error (account commands)
	CodeBadAccount         = 60004 // account or UserSig missing in the URL
	CodeInvalidSDKAppID    = 60006 // SDKAppID invalid
	CodeBadResource        = 60009 // unknown /v4 service or command
	CodeNeedAdmin          = 60010 // the identifier is not the App admin
	CodeMissingSDKAppID    = 60012 // SDKAppID missing
	CodeAccountNotString   = 60015 // an account field is not a string
	CodeAccountNotFound    = 70107 // the account is not imported
	CodeInvalidParam       = 70402 // a parameter is invalid (account commands)
	CodeMsgJSONParse       = 90001 // JSON parse error (message commands)
	CodeMsgBodyMalformed   = 90002 // MsgBody is malformed
	CodeToAccountInvalid   = 90003 // To_Account missing or not a string
	CodeMsgRandomInvalid   = 90005 // MsgRandom missing or not an integer
	CodeMsgTimeStamp       = 90006 // MsgTimeStamp not an integer
	CodeMsgBodyNotArray    = 90007 // MsgBody missing or not an array
	CodeFromAccount        = 90008 // From_Account not a string or does not exist
	CodeElemInvalid        = 90010 // a message element is invalid
	CodeBatchTooLarge      = 90011 // batchsendmsg to over 500 accounts
	CodeToNotRegistered    = 90012 // To_Account is not imported
	CodeLifeTimeTooLong    = 90026 // MsgLifeTime over 7 days
	CodeSyncOtherMachine   = 90031 // SyncOtherMachine not an integer
	CodeLifeTimeNotInteger = 90044 // MsgLifeTime not an integer
	CodeBodyTooLong        = 93000 // JSON body over 8 KB (message commands)

	// CodeInstanceInUse refuses a device login whose instance ID carries
	// another user's live session: the SDK's invalid-parameter code (6017),
	// since the instance ID given is not this user's to take.
	CodeInstanceInUse = protocol.CodeInvalidArgument

	// codeSDKAppIDNotFound answers a device login for another SDKAppID.
	codeSDKAppIDNotFound = 70020
	// codeC2CUserInvalid answers a device message to an unknown user.
	codeC2CUserInvalid = 20003
)

// Error is a REST failure: an ErrorCode and an ErrorInfo, as the FAIL
// envelope carries them.
type Error struct {
	Code int
	Info string
}

// Error formats the code and the info.
func (e *Error) Error() string { return fmt.Sprintf("fakeim: error %d: %s", e.Code, e.Info) }

func errorf(code int, format string, args ...any) *Error {
	return &Error{Code: code, Info: fmt.Sprintf(format, args...)}
}
