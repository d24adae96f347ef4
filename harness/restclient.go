package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// restError is a REST call the IM server answered with ActionStatus FAIL.
type restError struct {
	Command   string
	ErrorCode int
	ErrorInfo string
}

func (e *restError) Error() string {
	return fmt.Sprintf("%s: ErrorCode %d: %s", e.Command, e.ErrorCode, e.ErrorInfo)
}

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
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.baseURL+"/v4/"+command+"?"+q.Encode(), bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", command, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", command, err)
	}
	var env struct {
		ActionStatus string
		ErrorCode    int
		ErrorInfo    string
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s: HTTP %d, body %q: %w", command, resp.StatusCode, raw, err)
	}
	if env.ActionStatus != "OK" || env.ErrorCode != 0 {
		return &restError{Command: command, ErrorCode: env.ErrorCode, ErrorInfo: env.ErrorInfo}
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// Kick kicks every instance of user through REST im_open_login_svc/kick.
func (e *Env) Kick(user string) error {
	ctx, cancel := e.actionContext()
	defer cancel()
	err := e.restCall(ctx, "im_open_login_svc/kick", map[string]string{"UserID": user}, nil)
	e.Settle()
	return err
}
