package harness

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/pushsim/pushsim/internal/imrest"
)

// restCall posts body to /v4/<command> as the admin, signed with a fresh
// admin UserSig, and decodes the answer into out. It fails on a FAIL
// envelope.
func (e *Env) restCall(ctx context.Context, command string, body, out any) error {
	sig, err := e.im.GenUserSig(e.cfg.IM.Admin, 24*time.Hour)
	if err != nil {
		return err
	}
	q := url.Values{}
	q.Set("sdkappid", strconv.FormatUint(e.cfg.IM.SDKAppID, 10))
	q.Set("identifier", e.cfg.IM.Admin)
	q.Set("usersig", sig)
	q.Set("random", strconv.FormatUint(uint64(e.nextMsgRandom()), 10))
	q.Set("contenttype", "json")
	return imrest.Call(ctx, e.client, e.baseURL, command, q.Encode(), body, out)
}

// Kick kicks every instance of user through REST im_open_login_svc/kick.
func (e *Env) Kick(user string) error {
	ctx, cancel := e.actionContext()
	defer cancel()
	err := e.restCall(ctx, "im_open_login_svc/kick", map[string]string{"UserID": user}, nil)
	e.Settle()
	return err
}
