package fakeim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// KindReceiveOpt is the trace kind of a receive option change
// (setC2CReceiveMessageOpt).
const KindReceiveOpt trace.Kind = "im.receive_opt"

// handleFrame answers one frame from a device.
func (s *Server) handleFrame(c *wsConn, data []byte) {
	var f protocol.IMFrame
	if err := json.Unmarshal(data, &f); err != nil {
		c.send(protocol.IMFrame{Code: protocol.CodeInvalidArgument, Desc: "frame is not IM JSON: " + err.Error()})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	code, desc, out := s.handleCmdLocked(c, f)
	reply := protocol.IMFrame{Cmd: f.Cmd, Seq: f.Seq, Code: code, Desc: desc}
	if out != nil {
		reply.Data, _ = json.Marshal(out)
	}
	c.send(reply)
}

// answerHeartbeat answers a heartbeat frame with seq as handleFrame
// does, without decoding it: a heartbeat changes nothing but the read
// deadline, which the reader has already pushed on.
func (s *Server) answerHeartbeat(c *wsConn, seq uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	c.send(protocol.IMFrame{Cmd: protocol.CmdHeartbeat, Seq: seq, Code: protocol.CodeOK})
}

// handleCmdLocked runs one request and returns its code, description and
// response data. s.mu must be held.
func (s *Server) handleCmdLocked(c *wsConn, f protocol.IMFrame) (int, string, any) {
	if f.Cmd == protocol.CmdLogin {
		var req protocol.LoginRequest
		if err := unmarshalData(f.Data, &req); err != nil {
			return protocol.CodeInvalidArgument, err.Error(), nil
		}
		code, desc := s.loginLocked(c, req)
		return code, desc, nil
	}
	if f.Cmd == protocol.CmdHeartbeat {
		return protocol.CodeOK, "", nil
	}
	in := c.inst
	if f.Cmd == protocol.CmdLogout {
		if in != nil {
			s.endSessionLocked(in, CauseLogout)
		}
		return protocol.CodeOK, "", nil
	}
	switch f.Cmd {
	case protocol.CmdSetOfflinePushConfig, protocol.CmdDoBackground, protocol.CmdDoForeground,
		protocol.CmdSendC2CMessage, protocol.CmdSetC2CReceiveOpt:
		if in == nil {
			return protocol.CodeNotLoggedIn, "not logged in (or kicked): log in first", nil
		}
	default:
		return protocol.CodeInvalidArgument, fmt.Sprintf("unknown command %q", f.Cmd), nil
	}
	switch f.Cmd {
	case protocol.CmdSetOfflinePushConfig:
		return s.cmdSetOfflinePushConfigLocked(in, f.Data)
	case protocol.CmdDoBackground:
		if in.state != StateBackground {
			s.setStateLocked(in, StateBackground, CauseBackground)
		}
	case protocol.CmdDoForeground:
		if in.state != StateOnline {
			s.setStateLocked(in, StateOnline, CauseForeground)
		}
	case protocol.CmdSendC2CMessage:
		return s.cmdSendC2CLocked(in, f.Data)
	case protocol.CmdSetC2CReceiveOpt:
		return s.cmdSetReceiveOptLocked(in, f.Data)
	}
	return protocol.CodeOK, "", nil
}

// unmarshalData decodes a request's data; absent data is an error.
func unmarshalData(data json.RawMessage, v any) error {
	if len(data) == 0 {
		return fmt.Errorf("request data is missing")
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("request data: %v", err)
	}
	return nil
}

// cmdSetOfflinePushConfigLocked binds (certificate ID, token) to the
// instance; a zero ID with an empty token unbinds. A token can belong to
// one instance only: binding it elsewhere drops it here. s.mu must be
// held.
func (s *Server) cmdSetOfflinePushConfigLocked(in *instance, data json.RawMessage) (int, string, any) {
	var cfg protocol.OfflinePushConfig
	if err := unmarshalData(data, &cfg); err != nil {
		return protocol.CodeInvalidArgument, err.Error(), nil
	}
	switch {
	case cfg.BusinessID == 0 && cfg.Token == "":
		s.unbindLocked(in, "setOfflinePushConfig(null)")
		return protocol.CodeOK, "", nil
	case cfg.BusinessID <= 0:
		return protocol.CodeInvalidArgument, fmt.Sprintf("businessID %d: want the certificate ID from the IM console", cfg.BusinessID), nil
	case cfg.Token == "":
		return protocol.CodeInvalidArgument, "token is empty", nil
	}
	b := binding{cfg.BusinessID, cfg.Token}
	for _, other := range s.instances.boundTo(b) {
		if other != in {
			s.unbindLocked(other, "token bound by "+in.user+" on "+in.id)
		}
	}
	s.instances.setBinding(in, b)
	s.record(trace.Event{Kind: trace.IMToken, Device: in.id, Details: map[string]string{
		"user": in.user, "event": "bound", "certificate": strconv.FormatInt(cfg.BusinessID, 10), "token": cfg.Token,
	}})
	return protocol.CodeOK, "", nil
}

// cmdSendC2CLocked sends a device-originated C2C message: routed like
// REST sendmsg, but the receiver's receive options apply. s.mu must be
// held.
func (s *Server) cmdSendC2CLocked(in *instance, data json.RawMessage) (int, string, any) {
	var req protocol.SendC2CRequest
	if err := unmarshalData(data, &req); err != nil {
		return protocol.CodeInvalidArgument, err.Error(), nil
	}
	sum, e := checkElems(req.MsgBody)
	if e != nil {
		return protocol.CodeInvalidArgument, elemsError(e), nil
	}
	var push pushInfo
	if req.OfflinePushInfo != nil {
		if push, e = parsePushInfo(*req.OfflinePushInfo); e != nil {
			return protocol.CodeInvalidArgument, elemsError(e), nil
		}
	}
	if _, ok := s.accounts[req.To]; !ok || req.To == "" {
		return codeC2CUserInvalid, fmt.Sprintf("receiver %q is not a registered user", req.To), nil
	}
	now := time.Now()
	seqName := strconv.FormatUint(s.msgSeq+1, 10)
	random := s.cfg.Seed.Stream("im", "msg_random", seqName).Uint32()
	m := &message{
		key: s.nextMsgKeyLocked(random, 0, now), at: now, from: in.user, to: req.To, random: random,
		body: req.MsgBody, summary: sum, push: push, recvOpt: true, origin: "device",
	}
	s.routeLocked(m)
	return protocol.CodeOK, "", protocol.SendResult{MsgKey: m.key, MsgTime: now.Unix()}
}

// cmdSetReceiveOptLocked sets the user's receive option for messages from
// each listed sender. s.mu must be held.
func (s *Server) cmdSetReceiveOptLocked(in *instance, data json.RawMessage) (int, string, any) {
	var req protocol.ReceiveOptRequest
	if err := unmarshalData(data, &req); err != nil {
		return protocol.CodeInvalidArgument, err.Error(), nil
	}
	switch {
	case len(req.UserIDs) == 0 || len(req.UserIDs) > maxRecvOptUsers:
		return protocol.CodeInvalidArgument, fmt.Sprintf("userIDList has %d users: give 1 to %d", len(req.UserIDs), maxRecvOptUsers), nil
	case req.Opt < RecvOptReceive || req.Opt > RecvOptOnlineOnly:
		return protocol.CodeInvalidArgument, fmt.Sprintf("opt %d: C2C takes 0 (receive), 1 (nothing) or 2 (online only)", req.Opt), nil
	}
	a := s.importLocked(in.user, "")
	for _, from := range req.UserIDs {
		a.recvOpt[from] = req.Opt
		s.record(trace.Event{Kind: KindReceiveOpt, Device: in.id, Details: map[string]string{
			"user": in.user, "from": from, "opt": strconv.Itoa(req.Opt),
		}})
	}
	return protocol.CodeOK, "", nil
}
