package harness

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pushsim/pushsim/protocol"
)

// Message is a message an environment sent, by its scenario ref.
type Message struct {
	// Ref is the scenario's name for it (send ... as: m1), or its key.
	Ref string
	// Key is the IM server's MsgKey.
	Key string
	// From and To are the users.
	From, To string
	// SentAt is the simulated send time.
	SentAt time.Time
}

// SendSpec describes a C2C message sent through REST openim/sendmsg.
type SendSpec struct {
	From string
	To   string
	// Text is a TIMTextElem; Custom a TIMCustomElem (one of the two).
	Text   string
	Custom *CustomElem
	// Push is the OfflinePushInfo; nil sends none.
	Push *PushInfo
	// OnlineOnly sets OnlineOnlyFlag 1.
	OnlineOnly bool
	// As is the ref the scenario calls it by.
	As string
	// Random is the MsgRandom to send; zero takes the run's next one
	// (never repeated within the run). A caller that sets it keeps it
	// unique per sender and receiver, or the IM's dedup merges messages.
	Random uint32
	// Seq is the MsgSeq to send (0: none). The IM puts it in the MsgKey,
	// so a caller that numbers its messages gets keys that do not depend
	// on anything else the IM carried.
	Seq int64
}

// CustomElem is a TIMCustomElem.
type CustomElem struct {
	Data string `json:"Data"`
	Desc string `json:"Desc,omitempty"`
	Ext  string `json:"Ext,omitempty"`
}

// PushInfo is OfflinePushInfo.
type PushInfo struct {
	Flag    int                   `json:"PushFlag"`
	Title   string                `json:"Title,omitempty"`
	Desc    string                `json:"Desc,omitempty"`
	Ext     string                `json:"Ext,omitempty"`
	Android *protocol.AndroidInfo `json:"AndroidInfo,omitempty"`
	Apns    *protocol.ApnsInfo    `json:"ApnsInfo,omitempty"`
}

// Send sends a C2C message as the REST admin and returns its handle.
func (e *Env) Send(s SendSpec) (*Message, error) {
	var elems []protocol.MsgElem
	switch {
	case s.Custom != nil:
		content, _ := json.Marshal(s.Custom)
		elems = append(elems, protocol.MsgElem{MsgType: "TIMCustomElem", MsgContent: content})
	default:
		content, _ := json.Marshal(map[string]string{"Text": s.Text})
		elems = append(elems, protocol.MsgElem{MsgType: "TIMTextElem", MsgContent: content})
	}
	if s.Random == 0 {
		s.Random = e.nextMsgRandom()
	}
	body := map[string]any{
		"SyncOtherMachine": 2,
		"To_Account":       s.To,
		"MsgRandom":        s.Random,
		"MsgBody":          elems,
	}
	if s.Seq > 0 {
		body["MsgSeq"] = s.Seq
	}
	if s.From != "" {
		body["From_Account"] = s.From
	}
	if s.Push != nil {
		body["OfflinePushInfo"] = s.Push
	}
	if s.OnlineOnly {
		body["OnlineOnlyFlag"] = 1
	}
	var out struct {
		MsgKey  string
		MsgTime int64
	}
	ctx, cancel := e.actionContext()
	defer cancel()
	sentAt := time.Now()
	if err := e.restCall(ctx, "openim/sendmsg", body, &out); err != nil {
		return nil, fmt.Errorf("send %s → %s: %w", s.From, s.To, err)
	}
	m := &Message{Ref: s.As, Key: out.MsgKey, From: s.From, To: s.To, SentAt: sentAt}
	if m.Ref == "" {
		m.Ref = m.Key
	}
	e.mu.Lock()
	e.messages[m.Ref] = m
	e.sent = append(e.sent, m)
	e.mu.Unlock()
	e.Settle()
	return m, nil
}

// Message returns a sent message by ref.
func (e *Env) Message(ref string) (*Message, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	m, ok := e.messages[ref]
	return m, ok
}

// Messages lists every message sent, in send order.
func (e *Env) Messages() []*Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*Message(nil), e.sent...)
}
