package fakeim

import (
	"encoding/json"
	"fmt"

	"github.com/pushsim/pushsim/protocol"
)

// Limits of message commands.
const (
	maxMsgBody     = 8 << 10 // 93000 above this
	maxMsgLifeTime = 604800  // seconds: 7 days
)

// pushInfo is OfflinePushInfo.
type pushInfo struct {
	PushFlag    int                   `json:"PushFlag"`
	Title       string                `json:"Title"`
	Desc        string                `json:"Desc"`
	Ext         string                `json:"Ext"`
	AndroidInfo *protocol.AndroidInfo `json:"AndroidInfo"`
	ApnsInfo    *protocol.ApnsInfo    `json:"ApnsInfo"`
}

// sendRequest is a parsed sendmsg or batchsendmsg body.
type sendRequest struct {
	From        string
	To          []string
	Random      uint32
	Seq         int64
	LifeTime    int64 // seconds; maxMsgLifeTime when absent
	OnlineOnly  bool  // OnlineOnlyFlag 1
	MuteNotify  bool  // SendMsgControl has WithMuteNotifications
	Body        []protocol.MsgElem
	Summary     bodySummary
	Push        pushInfo
	HasPushInfo bool
}

// parseSendMsg reads an openim/sendmsg body, or a batchsendmsg body when
// batch is set (To_Account is then an array, OnlineOnlyFlag ignored).
func parseSendMsg(body []byte, batch bool) (*sendRequest, *Error) {
	if len(body) > maxMsgBody {
		return nil, errorf(CodeBodyTooLong, "the body is %d bytes, over %d", len(body), maxMsgBody)
	}
	f, e := parseObject(body, CodeMsgJSONParse)
	if e != nil {
		return nil, e
	}
	req := &sendRequest{LifeTime: maxMsgLifeTime}
	if _, _, ok := f.int("SyncOtherMachine"); !ok {
		return nil, errorf(CodeSyncOtherMachine, "SyncOtherMachine is not an integer")
	}
	from, _, ok := f.str("From_Account")
	if !ok {
		return nil, errorf(CodeFromAccount, "From_Account is not a string")
	}
	req.From = from
	if req.To, e = parseTargets(f, batch); e != nil {
		return nil, e
	}
	life, present, ok := f.int("MsgLifeTime")
	switch {
	case !ok || life < 0:
		return nil, errorf(CodeLifeTimeNotInteger, "MsgLifeTime is not a non-negative integer")
	case life > maxMsgLifeTime:
		return nil, errorf(CodeLifeTimeTooLong, "MsgLifeTime %d is over %d seconds (7 days)", life, maxMsgLifeTime)
	case present:
		req.LifeTime = life
	}
	if req.Seq, _, ok = f.int("MsgSeq"); !ok {
		return nil, errorf(CodeMsgJSONParse, "MsgSeq is not an integer")
	}
	rnd, present, ok := f.int("MsgRandom")
	if !present || !ok || rnd < 0 || rnd > 1<<32-1 {
		return nil, errorf(CodeMsgRandomInvalid, "MsgRandom is missing or not an unsigned 32-bit integer")
	}
	req.Random = uint32(rnd)
	if _, _, ok := f.int("MsgTimeStamp"); !ok {
		return nil, errorf(CodeMsgTimeStamp, "MsgTimeStamp is not an integer")
	}
	flag, _, ok := f.int("OnlineOnlyFlag")
	if !ok {
		return nil, errorf(CodeMsgJSONParse, "OnlineOnlyFlag is not an integer")
	}
	req.OnlineOnly = flag == 1 && !batch
	ctl, _, ok := f.array("SendMsgControl")
	if !ok {
		return nil, errorf(CodeMsgJSONParse, "SendMsgControl is not an array")
	}
	for _, raw := range ctl {
		if v, _, _ := rawString(raw); v == "WithMuteNotifications" {
			req.MuteNotify = true
		}
	}
	elems, present, ok := f.array("MsgBody")
	if !present || !ok {
		return nil, errorf(CodeMsgBodyNotArray, "MsgBody is missing or not an array")
	}
	if req.Body, e = parseElems(elems); e != nil {
		return nil, e
	}
	if req.Summary, e = checkElems(req.Body); e != nil {
		return nil, e
	}
	if raw, present := f.raw("OfflinePushInfo"); present {
		if req.Push, e = parsePushInfo(raw); e != nil {
			return nil, e
		}
		req.HasPushInfo = true
	}
	return req, nil
}

// parseTargets reads To_Account: a string, or for a batch an array of 1 to
// 500 strings.
func parseTargets(f fields, batch bool) ([]string, *Error) {
	if !batch {
		to, present, ok := f.str("To_Account")
		if !present || !ok || to == "" {
			return nil, errorf(CodeToAccountInvalid, "To_Account is missing or not a string")
		}
		return []string{to}, nil
	}
	list, present, ok := f.array("To_Account")
	switch {
	case !present || !ok || len(list) == 0:
		return nil, errorf(CodeToAccountInvalid, "To_Account is missing or not an array of accounts")
	case len(list) > maxBatchSendTarget:
		return nil, errorf(CodeBatchTooLarge, "%d accounts in To_Account, over %d", len(list), maxBatchSendTarget)
	}
	out := make([]string, 0, len(list))
	for _, raw := range list {
		to, _, ok := rawString(raw)
		if !ok || to == "" {
			return nil, errorf(CodeToAccountInvalid, "To_Account holds a value that is not an account")
		}
		out = append(out, to)
	}
	return out, nil
}

// parseElems checks the shape of each MsgBody element: an object with a
// MsgType string and a MsgContent object.
func parseElems(list []json.RawMessage) ([]protocol.MsgElem, *Error) {
	if len(list) == 0 {
		return nil, errorf(CodeMsgBodyMalformed, "MsgBody is empty")
	}
	out := make([]protocol.MsgElem, 0, len(list))
	for i, raw := range list {
		var g fields
		if err := json.Unmarshal(raw, &g); err != nil || g == nil {
			return nil, errorf(CodeMsgBodyMalformed, "MsgBody[%d] is not an object", i)
		}
		typ, _, ok := g.str("MsgType")
		if !ok || typ == "" {
			return nil, errorf(CodeMsgBodyMalformed, "MsgBody[%d].MsgType is missing or not a string", i)
		}
		content, present, ok := g.object("MsgContent")
		if !present || !ok {
			return nil, errorf(CodeMsgBodyMalformed, "MsgBody[%d].MsgContent is missing or not an object", i)
		}
		norm, _ := json.Marshal(content)
		out = append(out, protocol.MsgElem{MsgType: typ, MsgContent: norm})
	}
	return out, nil
}

// parsePushInfo reads OfflinePushInfo.
func parsePushInfo(raw json.RawMessage) (pushInfo, *Error) {
	var p pushInfo
	if err := json.Unmarshal(raw, &p); err != nil {
		return pushInfo{}, errorf(CodeMsgJSONParse, "OfflinePushInfo: %v", err)
	}
	return p, nil
}

// pushText is the notification body: OfflinePushInfo.Desc, else the text
// element's text, else the custom element's Desc; "" means no push.
func pushText(p pushInfo, sum bodySummary) string {
	switch {
	case p.Desc != "":
		return p.Desc
	case sum.Text != "":
		return sum.Text
	}
	return sum.CustomDesc
}

// elemsError turns a REST parse error into a client error description.
func elemsError(e *Error) string { return fmt.Sprintf("%s (%d)", e.Info, e.Code) }
