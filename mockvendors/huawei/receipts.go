package huawei

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/trace"
)

// MaxReceiptStatuses is how many statuses one receipt call carries.
const MaxReceiptStatuses = 100

// ReceiptDelivered is the status of a message the device received.
const ReceiptDelivered = 0

// CallbackHeader is the header that signs a receipt when the receipt
// configuration has a key.
const CallbackHeader = "X-HUAWEI-CALLBACK-ID"

// ReceiptStatus is one message's outcome on one device.
type ReceiptStatus struct {
	BiTag     string `json:"biTag,omitempty"`
	AppID     string `json:"appid"`
	Token     string `json:"token"`
	Status    int    `json:"status"`
	Timestamp int64  `json:"timestamp"`
	RequestID string `json:"requestId"`
}

// Receipt is the body of a receipt call.
type Receipt struct {
	Statuses []ReceiptStatus `json:"statuses"`
}

// CallbackSignature is the value= part of X-HUAWEI-CALLBACK-ID: base64 of
// HMAC-SHA256 over timestamp+nonce+username with the configuration's key.
// pushsim uses the App ID as the user name and App.AccessToken as the key.
func CallbackSignature(timestamp, nonce, username, key string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(timestamp + nonce + username))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type queued struct {
	status ReceiptStatus
	device string
}

// receipts queues delivery receipts and posts them every interval, at most
// MaxReceiptStatuses per call.
type receipts = mockvendors.ReceiptQueue[mockvendors.ReceiptKey, []queued]

func newReceipts(s *Server) *receipts {
	return mockvendors.NewReceiptQueue(mockvendors.ReceiptQueueConfig[mockvendors.ReceiptKey, []queued]{
		Interval: s.opts.receiptInterval, Client: s.cfg.HTTPClient,
		Compare: mockvendors.ReceiptKey.Compare, Encode: s.encodeReceipts,
	})
}

// heardReceipt queues a receipt for a device's ack, if the message has a
// receipt address.
func (s *Server) heardReceipt(e mockvendors.DeviceEvent) {
	info, ok := s.state.msgs.Get(e.MsgID)
	if !ok || !info.tokens[e.Token] {
		return
	}
	s.receipts.Add(mockvendors.ReceiptKey{AppID: info.appID, URL: info.callback}, func(b []queued) []queued {
		return append(b, queued{device: e.DeviceID, status: ReceiptStatus{
			BiTag: info.biTag, AppID: info.appID, Token: e.Token, Status: ReceiptDelivered,
			Timestamp: time.Now().UnixMilli(), RequestID: e.MsgID,
		}})
	})
}

// encodeReceipts splits one batch into receipt calls of at most
// MaxReceiptStatuses, each signed when the app has a key, and records the
// outcome per status.
func (s *Server) encodeReceipts(k mockvendors.ReceiptKey, all []queued) []mockvendors.ReceiptPost {
	var posts []mockvendors.ReceiptPost
	for len(all) > 0 {
		n := min(len(all), MaxReceiptStatuses)
		if p, ok := s.receiptPost(k, all[:n]); ok {
			posts = append(posts, p)
		}
		all = all[n:]
	}
	return posts
}

// receiptPost is one receipt call.
func (s *Server) receiptPost(k mockvendors.ReceiptKey, batch []queued) (mockvendors.ReceiptPost, bool) {
	r := Receipt{Statuses: make([]ReceiptStatus, len(batch))}
	for i, b := range batch {
		r.Statuses[i] = b.status
	}
	body, err := json.Marshal(r)
	if err != nil {
		return mockvendors.ReceiptPost{}, false
	}
	app, _ := s.apps.Get(k.AppID)
	p := mockvendors.ReceiptPost{URL: k.URL, ContentType: "application/json;charset=UTF-8", Body: body, Secret: app.AccessToken,
		Sent: func(outcome string) {
			for _, b := range batch {
				s.cfg.Record(trace.Event{Component: "huawei", Kind: trace.VendorReceipt, VendorMsgID: b.status.RequestID, Device: b.device,
					Details: map[string]string{"callback": k.URL, "status": strconv.Itoa(b.status.Status), "token": b.status.Token, "result": outcome}})
			}
		}}
	n := s.receiptPosts.Add(1)
	if app.AccessToken != "" {
		p.Sign = func(req *http.Request) {
			ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
			nonce := s.cfg.Seed.Hex(16, "huawei", "receipt-nonce", app.ID, k.URL, strconv.FormatInt(n, 10))
			req.Header.Set(CallbackHeader, fmt.Sprintf("timestamp=%s; nonce=%s; value=%s", ts, nonce, CallbackSignature(ts, nonce, app.ID, app.AccessToken)))
		}
	}
	return p, true
}
