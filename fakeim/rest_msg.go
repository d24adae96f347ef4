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

// dedupIndex holds the dedup keys of the last dedupWindow: a map for the
// lookup and the keys in acceptance order, so expiry pops from the front
// in O(1) per key instead of scanning the map on every send.
type dedupIndex struct {
	byKey map[string]dedupEntry
	order []string // keys, oldest first, from head on
	head  int
	max   int // keys held at most; the oldest goes first
}

func newDedupIndex(max int) *dedupIndex {
	return &dedupIndex{byKey: map[string]dedupEntry{}, max: max}
}

// lookup forgets the keys older than the window at now and reports
// whether dk was accepted within it.
func (d *dedupIndex) lookup(dk string, now time.Time) (dedupEntry, bool) {
	for d.head < len(d.order) {
		k := d.order[d.head]
		if e, ok := d.byKey[k]; ok && now.Sub(e.at) < dedupWindow && len(d.byKey) < d.max {
			break
		}
		delete(d.byKey, k)
		d.order[d.head] = ""
		d.head++
	}
	if d.head > 1024 && d.head*2 > len(d.order) {
		d.order = append([]string(nil), d.order[d.head:]...)
		d.head = 0
	}
	e, ok := d.byKey[dk]
	return e, ok
}

// add records dk as accepted at e.at; calls come in time order.
func (d *dedupIndex) add(dk string, e dedupEntry) {
	d.byKey[dk] = e
	d.order = append(d.order, dk)
}

// len is how many keys are held.
func (d *dedupIndex) len() int { return len(d.byKey) }

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
	dk := dedupKey(from, to, req)
	if prev, ok := s.dedup.lookup(dk, now); ok {
		return &sendMsgResponse{MsgTime: prev.at.Unix(), MsgKey: prev.key}, nil
	}
	m := s.newRESTMessageLocked(req, from, to, now, s.nextMsgKeyLocked(req.Random, req.Seq, now))
	s.dedup.add(dk, dedupEntry{key: m.key, at: now})
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
	out := &batchSendResponse{MsgKey: s.nextMsgKeyLocked(req.Random, req.Seq, now)}
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
// CRC32 of the content, within one conversation (C2C dedup is per
// conversation, so the same send to two receivers is two messages).
func dedupKey(from, to string, req *sendRequest) string {
	content, _ := json.Marshal(req.Body)
	return from + "\x00" + to + "\x00" + strconv.FormatInt(req.Seq, 10) + "\x00" + strconv.FormatUint(uint64(req.Random), 10) +
		"\x00" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(content)), 10)
}

// dedupLen is how many dedup keys the server holds (for tests).
func (s *Server) dedupLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dedup.len()
}
