// Package imrest makes one call to the fake IM server's REST API
// (/v4/<service>/<command>) and reads Tencent's answer envelope. The
// harness and pushsim load share it; each signs its own query.
package imrest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxAnswer bounds the answer read.
const maxAnswer = 1 << 20

// Error is an answer with ActionStatus FAIL or a non-zero ErrorCode.
type Error struct {
	Command   string
	ErrorCode int
	ErrorInfo string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: ErrorCode %d: %s", e.Command, e.ErrorCode, e.ErrorInfo)
}

// Call posts body as JSON to base/v4/command?query and decodes the answer
// into out (when not nil). A FAIL envelope is an *Error.
func Call(ctx context.Context, hc *http.Client, base, command, query string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v4/"+command+"?"+query, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", command, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("%s: %w", command, err)
	}
	var env struct {
		ActionStatus string
		ErrorCode    int
		ErrorInfo    string
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("%s: HTTP %d, body %.200q: %w", command, resp.StatusCode, raw, err)
	}
	if env.ActionStatus != "OK" || env.ErrorCode != 0 {
		return &Error{Command: command, ErrorCode: env.ErrorCode, ErrorInfo: env.ErrorInfo}
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}
