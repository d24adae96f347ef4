package fakeim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// Route decisions (im.route "decision" detail).
const (
	DecisionOnline     = "online"      // delivered on the socket only
	DecisionPush       = "push"        // pushed through the vendor only
	DecisionOnlinePush = "online+push" // both (Background)
	DecisionDrop       = "drop"        // neither
)

// message is one C2C message being routed to one receiver.
type message struct {
	key        string
	at         time.Time
	from, to   string
	random     uint32
	body       []protocol.MsgElem
	summary    bodySummary
	push       pushInfo
	onlineOnly bool
	recvOpt    bool   // honour the receiver's receive option for the sender
	origin     string // "rest" or "device"
}

// nextMsgKeyLocked returns a Tencent-style MsgKey
// (<MsgRandom>_<seq>_<unix time>): seq is the sender's MsgSeq when it
// gave one (so the key depends only on the message, not on what else this
// server carried: shards of a load and a whole run agree), else a
// per-server sequence number. s.mu must be held.
func (s *Server) nextMsgKeyLocked(random uint32, callerSeq int64, now time.Time) string {
	if callerSeq > 0 {
		return fmt.Sprintf("%d_%d_%d", random, callerSeq, now.Unix())
	}
	s.msgSeq++
	return fmt.Sprintf("%d_%d_%d", random, s.msgSeq, now.Unix())
}

// routeLocked records the message and routes it to each of the receiver's
// instances, in device ID order. s.mu must be held.
func (s *Server) routeLocked(m *message) {
	d := map[string]string{
		"from": m.from, "to": m.to, "text": m.summary.Text, "elems": strings.Join(m.summary.Types, ","),
		"msg_random": strconv.FormatUint(uint64(m.random), 10), "origin": m.origin,
	}
	if m.onlineOnly {
		d["online_only"] = "true"
	}
	if m.push.PushFlag != 0 {
		d["push_flag"] = strconv.Itoa(m.push.PushFlag)
	}
	s.record(trace.Event{Kind: trace.IMSend, Msg: m.key, Details: d})

	ins := s.userInstancesLocked(m.to)
	if len(ins) == 0 {
		s.record(trace.Event{Kind: trace.IMRoute, Msg: m.key, Reason: protocol.ReasonLoggedOut, Details: map[string]string{
			"user": m.to, "decision": DecisionDrop, "note": "the user has never logged in on any device",
		}})
		return
	}
	opt := RecvOptReceive
	if a := s.accounts[m.to]; a != nil && m.recvOpt {
		opt = a.recvOpt[m.from]
	}
	for _, in := range ins {
		s.routeToLocked(m, in, opt)
	}
}

// routeToLocked decides, records and carries out the delivery of m to one
// instance. s.mu must be held.
func (s *Server) routeToLocked(m *message, in *instance, opt int) {
	d := map[string]string{"user": in.user, "state": in.state}
	ev := trace.Event{Kind: trace.IMRoute, Msg: m.key, Device: in.id, Details: d}
	var job *pushJob
	online := false
	switch {
	case in.state == StateOffline:
		d["decision"], d["cause"] = DecisionDrop, in.cause
		ev.Reason = offlineReason(in.cause)
	case opt == RecvOptNotReceive:
		d["decision"], d["note"] = DecisionDrop, "receive option: receive nothing from "+m.from
		ev.Reason = protocol.ReasonReceiveOptNoPush
	case in.state == StateOnline:
		d["decision"], online = DecisionOnline, true
		ev.Reason = protocol.ReasonDeliveredOnline
	default: // Background or PushOnline
		online = in.state == StateBackground
		var note string
		job, ev.Reason, note = s.pushDecisionLocked(m, in, opt, d)
		if note != "" {
			d["note"] = note
		}
		switch {
		case job == nil && online:
			d["decision"] = DecisionOnline
		case job == nil:
			d["decision"] = DecisionDrop
		case online:
			d["decision"] = DecisionOnlinePush
		default:
			d["decision"] = DecisionPush
		}
	}
	s.record(ev)
	if online {
		s.deliverOnlineLocked(m, in)
	}
	if job != nil {
		s.enqueuePushLocked(job)
	}
}

// pushDecisionLocked checks, in order, whether m can be pushed to in, and
// builds the push. On a drop it returns the reason and a note. s.mu must
// be held.
func (s *Server) pushDecisionLocked(m *message, in *instance, opt int, d map[string]string) (*pushJob, protocol.Reason, string) {
	switch {
	case m.onlineOnly:
		return nil, protocol.ReasonOnlineOnly, "sent online-only (OnlineOnlyFlag 1 or MsgLifeTime 0)"
	case m.push.PushFlag == 1:
		return nil, protocol.ReasonPushDisabled, "OfflinePushInfo.PushFlag is 1"
	case opt == RecvOptOnlineOnly:
		return nil, protocol.ReasonReceiveOptNoPush, "receive option: online only, no offline push, from " + m.from
	}
	text := pushText(m.push, m.summary)
	if text == "" {
		return nil, protocol.ReasonNoPushText, "no OfflinePushInfo.Desc, text or custom Desc to show"
	}
	if !in.bound() {
		return nil, protocol.ReasonNoToken, "the device reported no certificate ID and token"
	}
	certID := strconv.FormatInt(in.certID, 10)
	d["certificate"] = certID
	e := s.certs[in.certID]
	if e == nil {
		return nil, protocol.ReasonCertificateMissing, "certificate " + certID + " is not registered"
	}
	v := e.inEffect(time.Now())
	if v == nil {
		return nil, protocol.ReasonCertificateInactive, "certificate " + certID + " takes effect at " + e.latest().activeAt.UTC().Format(time.RFC3339)
	}
	d["vendor"] = string(v.cert.Vendor)
	pusher := s.cfg.Pushers[v.cert.Vendor]
	if pusher == nil {
		return nil, protocol.ReasonVendorError, "no vendor client for " + string(v.cert.Vendor)
	}
	req := protocol.PushRequest{
		MsgKey: m.key, Device: in.id, Token: in.token, Cert: v.cert,
		Title: m.push.Title, Desc: text,
		Android: m.push.AndroidInfo, Apns: m.push.ApnsInfo,
	}
	if req.Title == "" {
		req.Title = protocol.DefaultTitle
	}
	if v.cert.Click.CarriesExt() {
		req.Ext = m.push.Ext
	}
	return &pushJob{req: req, pusher: pusher}, protocol.ReasonNone, ""
}

// deliverOnlineLocked sends m on the instance's socket. s.mu must be held.
func (s *Server) deliverOnlineLocked(m *message, in *instance) {
	if in.conn == nil {
		return
	}
	data, _ := json.Marshal(protocol.IMMessage{MsgKey: m.key, From: m.from, To: m.to, MsgTime: m.at.Unix(), MsgBody: m.body})
	// Record first: the device may log its receipt before send returns.
	s.record(trace.Event{Kind: trace.IMOnline, Msg: m.key, Device: in.id, Details: map[string]string{"user": in.user}})
	in.conn.send(protocol.IMFrame{Event: protocol.EventRecvNewMessage, Data: data})
}
