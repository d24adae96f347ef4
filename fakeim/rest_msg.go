package fakeim

import (
	"encoding/json"
	"hash/crc32"
	"strconv"
	"time"
)

// dedupWindow is how long a C2C message's dedup key stays valid.
const dedupWindow = 120 * time.Second

// dedupEntry remembers an accepted message for the dedup window.
type dedupEntry struct {
	key string
	at  time.Time
}

type sendMsgResponse struct {
	envelope
	MsgTime int64  `json:"MsgTime"`
	MsgKey  string `json:"MsgKey"`
}

type batchSendResponse struct {
	envelope
	MsgKey    string         `json:"MsgKey"`
	ErrorList []accountError `json:"ErrorList,omitempty"`
}

func (s *Server) restSendMsg(body []byte) (enveloped, *Error) {
	req, e := parseSendMsg(body, false)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	from, e := s.senderLocked(req.From)
	if e != nil {
		return nil, e
	}
	to := req.To[0]
	if _, ok := s.accounts[to]; !ok {
		return nil, errorf(CodeToNotRegistered, "To_Account %q is not imported", to)
	}
	now := time.Now()
	dk := dedupKey(from, req)
	if prev, ok := s.dedupLocked(dk, now); ok {
		return &sendMsgResponse{MsgTime: prev.at.Unix(), MsgKey: prev.key}, nil
	}
	m := s.newRESTMessageLocked(req, from, to, now, s.nextMsgKeyLocked(req.Random, now))
	s.dedup[dk] = dedupEntry{key: m.key, at: now}
	s.routeLocked(m)
	return &sendMsgResponse{MsgTime: now.Unix(), MsgKey: m.key}, nil
}

func (s *Server) restBatchSendMsg(body []byte) (enveloped, *Error) {
	req, e := parseSendMsg(body, true)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	from, e := s.senderLocked(req.From)
	if e != nil {
		return nil, e
	}
	now := time.Now()
	// One MsgKey for the whole batch.
	out := &batchSendResponse{MsgKey: s.nextMsgKeyLocked(req.Random, now)}
	for _, to := range req.To {
		if _, ok := s.accounts[to]; !ok {
			out.ErrorList = append(out.ErrorList, accountError{ToAccount: to, ErrorCode: CodeAccountNotFound})
			continue
		}
		s.routeLocked(s.newRESTMessageLocked(req, from, to, now, out.MsgKey))
	}
	return out, nil
}

// senderLocked resolves From_Account: the admin when absent, else an
// imported account. s.mu must be held.
func (s *Server) senderLocked(from string) (string, *Error) {
	if from == "" {
		return s.cfg.Admin, nil
	}
	if _, ok := s.accounts[from]; !ok {
		return "", errorf(CodeFromAccount, "From_Account %q does not exist", from)
	}
	return from, nil
}

// newRESTMessageLocked builds the message a REST send routes under key.
func (s *Server) newRESTMessageLocked(req *sendRequest, from, to string, now time.Time, key string) *message {
	return &message{
		key: key, at: now, from: from, to: to, random: req.Random,
		body: req.Body, summary: req.Summary, push: req.Push,
		onlineOnly: req.OnlineOnly || req.LifeTime == 0,
		// REST sendmsg ignores the receiver's do-not-disturb setting
		// unless SendMsgControl asks for WithMuteNotifications.
		recvOpt: req.MuteNotify,
		origin:  "rest",
	}
}

// dedupKey is Tencent's C2C dedup key: sender, MsgSeq, MsgRandom and the
// CRC32 of the content.
func dedupKey(from string, req *sendRequest) string {
	content, _ := json.Marshal(req.Body)
	return from + "\x00" + strconv.FormatInt(req.Seq, 10) + "\x00" + strconv.FormatUint(uint64(req.Random), 10) +
		"\x00" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(content)), 10)
}

// dedupLocked forgets keys older than the window and reports whether dk
// was seen within it. s.mu must be held.
func (s *Server) dedupLocked(dk string, now time.Time) (dedupEntry, bool) {
	for k, e := range s.dedup {
		if now.Sub(e.at) >= dedupWindow {
			delete(s.dedup, k)
		}
	}
	e, ok := s.dedup[dk]
	return e, ok
}
