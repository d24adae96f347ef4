package protocol

import "encoding/json"

// The device↔IM websocket protocol is pushsim's own (Tencent's client
// protocol is undocumented). Frames are JSON text messages named after the
// V2TIM calls they stand for. A device sends requests (Cmd, Seq, Data); the
// server answers each with a response (same Cmd and Seq, Code, Desc, Data)
// and pushes events (Event, Data) on its own.

// IMPath is where fakeim serves the device websocket.
const IMPath = "/im/ws"

// IMFrame is one websocket message in either direction.
type IMFrame struct {
	Cmd   string          `json:"cmd,omitempty"`
	Event string          `json:"event,omitempty"`
	Seq   uint64          `json:"seq,omitempty"`
	Code  int             `json:"code,omitempty"`
	Desc  string          `json:"desc,omitempty"`
	Data  json.RawMessage `json:"data,omitempty"`
}

// Request commands, named after V2TIM calls.
const (
	CmdLogin                = "login"                // V2TIMManager.login
	CmdLogout               = "logout"               // V2TIMManager.logout
	CmdHeartbeat            = "heartbeat"            // the SDK's 2-minute keep-alive
	CmdSetOfflinePushConfig = "setOfflinePushConfig" // V2TIMOfflinePushManager.setOfflinePushConfig
	CmdDoBackground         = "doBackground"         // V2TIMOfflinePushManager.doBackground
	CmdDoForeground         = "doForeground"         // V2TIMOfflinePushManager.doForeground
	CmdSendC2CMessage       = "sendC2CMessage"       // V2TIMMessageManager.sendMessage (C2C)
	CmdSetC2CReceiveOpt     = "setC2CReceiveMessageOpt"
)

// Server events, named after V2TIM listener callbacks.
const (
	EventRecvNewMessage = "onRecvNewMessage" // V2TIMAdvancedMsgListener
	EventKickedOffline  = "onKickedOffline"  // V2TIMSDKListener
	EventUserSigExpired = "onUserSigExpired" // V2TIMSDKListener
)

// Client error codes fakeim answers with (Tencent's client SDK codes, 269/1671).
const (
	CodeOK              = 0
	CodeNotLoggedIn     = 6014
	CodeUserSigExpired  = 6206
	CodeKickedByOther   = 6208
	CodeInvalidArgument = 6017
	CodeLoginInProgress = 7501
)

// LoginRequest is the data of CmdLogin.
type LoginRequest struct {
	SDKAppID   uint64 `json:"sdkAppID"`
	UserID     string `json:"userID"`
	UserSig    string `json:"userSig"`
	Platform   string `json:"platform"`   // "Android", "iPhone", ...
	InstanceID string `json:"instanceID"` // the device ID
}

// OfflinePushConfig is the data of CmdSetOfflinePushConfig
// (V2TIMOfflinePushConfig): the certificate ID and the vendor token. A
// zero BusinessID with an empty Token disables offline push.
type OfflinePushConfig struct {
	BusinessID int64  `json:"businessID"`
	Token      string `json:"token"`
}

// BackgroundRequest is the data of CmdDoBackground.
type BackgroundRequest struct {
	UnreadCount int `json:"unreadCount"`
}

// ReceiveOptRequest is the data of CmdSetC2CReceiveOpt
// (V2TIMReceiveMessageOpt: 0 receive, 1 nothing, 2 online only).
type ReceiveOptRequest struct {
	UserIDs []string `json:"userIDList"`
	Opt     int      `json:"opt"`
}

// MsgElem is one message element, in the REST MsgBody shape.
type MsgElem struct {
	MsgType    string          `json:"MsgType"`
	MsgContent json.RawMessage `json:"MsgContent"`
}

// SendC2CRequest is the data of CmdSendC2CMessage.
type SendC2CRequest struct {
	To              string           `json:"to"`
	MsgBody         []MsgElem        `json:"msgBody"`
	OfflinePushInfo *json.RawMessage `json:"offlinePushInfo,omitempty"`
}

// SendResult answers CmdSendC2CMessage.
type SendResult struct {
	MsgKey  string `json:"msgKey"`
	MsgTime int64  `json:"msgTime"`
}

// IMMessage is the data of EventRecvNewMessage.
type IMMessage struct {
	MsgKey  string    `json:"msgKey"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	MsgTime int64     `json:"msgTime"`
	MsgBody []MsgElem `json:"msgBody"`
}

// KickedEvent is the data of EventKickedOffline.
type KickedEvent struct {
	Code int    `json:"code"`
	By   string `json:"by"` // "login" (another terminal) or "rest" (im_open_login_svc/kick)
}
