package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/pushsim/pushsim/fakeim/usersig"
	"github.com/pushsim/pushsim/internal/imrest"
)

// imREST calls the IM server's REST API (/v4/<command>) of a served
// environment as its admin, with one admin UserSig for the whole run.
type imREST struct {
	base   string
	client *http.Client
	query  string // sdkappid, identifier, usersig, contenttype
	random atomic.Uint32
}

func newIMREST(base string, client *http.Client, sdkappid uint64, admin, secretKey string) (*imREST, error) {
	sig, err := usersig.Gen(sdkappid, secretKey, admin, 48*time.Hour, time.Now())
	if err != nil {
		return nil, fmt.Errorf("admin UserSig: %w", err)
	}
	q := url.Values{}
	q.Set("sdkappid", strconv.FormatUint(sdkappid, 10))
	q.Set("identifier", admin)
	q.Set("usersig", sig)
	q.Set("contenttype", "json")
	return &imREST{base: base, client: client, query: q.Encode()}, nil
}

// call posts body to /v4/command and decodes the answer into out; a FAIL
// envelope is an *imrest.Error.
func (c *imREST) call(ctx context.Context, command string, body, out any) error {
	return imrest.Call(ctx, c.client, c.base, command, c.query+"&random="+strconv.FormatUint(uint64(c.random.Add(1)), 10), body, out)
}

// importAccounts imports users, 100 a call.
func (c *imREST) importAccounts(ctx context.Context, users []string) error {
	for len(users) > 0 {
		n := min(len(users), 100)
		var out struct{ FailAccounts []string }
		if err := c.call(ctx, "im_open_login_svc/multiaccount_import", map[string]any{"Accounts": users[:n]}, &out); err != nil {
			return err
		}
		if len(out.FailAccounts) > 0 {
			return fmt.Errorf("multiaccount_import: %d accounts failed, the first %s", len(out.FailAccounts), out.FailAccounts[0])
		}
		users = users[n:]
	}
	return nil
}

// statuses is each user's REST online status (Online, PushOnline or
// Offline), 500 a call.
func (c *imREST) statuses(ctx context.Context, users []string) (map[string]string, error) {
	st := make(map[string]string, len(users))
	for len(users) > 0 {
		n := min(len(users), 500)
		var out struct {
			QueryResult []struct {
				ToAccount string `json:"To_Account"`
				Status    string
			}
		}
		if err := c.call(ctx, "openim/query_online_status", map[string]any{"To_Account": users[:n], "IsNeedDetail": 0}, &out); err != nil {
			return nil, err
		}
		for _, r := range out.QueryResult {
			st[r.ToAccount] = r.Status
		}
		users = users[n:]
	}
	return st, nil
}

// sendmsg sends a C2C message from the sender with an offline push and
// returns its MsgKey.
func (c *imREST) sendmsg(ctx context.Context, body *sendBody) (string, error) {
	var out struct{ MsgKey string }
	if err := c.call(ctx, "openim/sendmsg", body, &out); err != nil {
		return "", err
	}
	return out.MsgKey, nil
}

// batchsendmsg sends one C2C message from the sender to each of To
// (at most 500) and returns the batch's MsgKey.
func (c *imREST) batchsendmsg(ctx context.Context, body *batchRequest) (string, error) {
	var out struct {
		MsgKey    string
		ErrorList []struct {
			ToAccount string `json:"To_Account"`
			ErrorCode int
		}
	}
	if err := c.call(ctx, "openim/batchsendmsg", body, &out); err != nil {
		return "", err
	}
	if len(out.ErrorList) > 0 {
		return "", fmt.Errorf("batchsendmsg: %d recipients refused, the first %s with ErrorCode %d", len(out.ErrorList), out.ErrorList[0].ToAccount, out.ErrorList[0].ErrorCode)
	}
	return out.MsgKey, nil
}

// batchRequest is an openim/batchsendmsg request.
type batchRequest struct {
	SyncOtherMachine int          `json:"SyncOtherMachine"`
	From             string       `json:"From_Account"`
	To               []string     `json:"To_Account"`
	MsgSeq           int64        `json:"MsgSeq,omitempty"`
	MsgRandom        uint32       `json:"MsgRandom"`
	MsgBody          []msgElem    `json:"MsgBody"`
	OfflinePushInfo  *offlinePush `json:"OfflinePushInfo"`
}

func textElem(text string) []msgElem {
	return []msgElem{{MsgType: "TIMTextElem", MsgContent: map[string]string{"Text": text}}}
}

// sendBody is an openim/sendmsg request.
type sendBody struct {
	SyncOtherMachine int          `json:"SyncOtherMachine"`
	From             string       `json:"From_Account"`
	To               string       `json:"To_Account"`
	MsgSeq           int64        `json:"MsgSeq,omitempty"`
	MsgRandom        uint32       `json:"MsgRandom"`
	MsgBody          []msgElem    `json:"MsgBody"`
	OfflinePushInfo  *offlinePush `json:"OfflinePushInfo"`
}

type msgElem struct {
	MsgType    string            `json:"MsgType"`
	MsgContent map[string]string `json:"MsgContent"`
}

type offlinePush struct {
	PushFlag    int    `json:"PushFlag"`
	Title       string `json:"Title"`
	Desc        string `json:"Desc"`
	AndroidInfo any    `json:"AndroidInfo"`
}
