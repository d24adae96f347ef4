package meizu

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
)

// Client calls Meizu's server API (the mock, or the real service) like a
// backend does: form-encoded, signed with the app secret.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient returns a client for the API at baseURL (e.g. the mock's
// prefix, or BaseURL). A nil httpClient uses one with a 10 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient}
}

// PushByPushID sends a notification-bar message to up to 100 PushIds.
func (c *Client) PushByPushID(ctx context.Context, appID, secret string, pushIDs []string, msg NoticeMessage) (Response, error) {
	return c.push(ctx, PathPushByPushID, "pushIds", appID, secret, pushIDs, msg)
}

// PushByAlias sends a notification-bar message to up to 100 aliases.
func (c *Client) PushByAlias(ctx context.Context, appID, secret string, aliases []string, msg NoticeMessage) (Response, error) {
	return c.push(ctx, PathPushByAlias, "alias", appID, secret, aliases, msg)
}

func (c *Client) push(ctx context.Context, path, field, appID, secret string, targets []string, msg NoticeMessage) (Response, error) {
	mj, err := marshalNoticeMessage(&msg)
	if err != nil {
		return Response{}, fmt.Errorf("meizu: encode messageJson: %w", err)
	}
	params := url.Values{"appId": {appID}, field: {strings.Join(targets, ",")}, "messageJson": {string(mj)}}
	return c.Call(ctx, http.MethodPost, path, params, secret)
}

// Call signs params with secret and calls the API path: a form-encoded
// POST, or a GET with the parameters in the query.
func (c *Client) Call(ctx context.Context, method, path string, params url.Values, secret string) (Response, error) {
	form := mockvendors.AppendForm(nil, params, "sign", Sign(params, secret))
	u := c.base + path
	var body io.Reader
	if method == http.MethodGet {
		u += "?" + string(form)
	} else {
		body = bytes.NewReader(form)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return Response{}, fmt.Errorf("meizu: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("meizu: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("meizu: read %s: %w", path, err)
	}
	r, err := decodeResponse(data)
	if err != nil || r.Code == "" {
		return Response{}, fmt.Errorf("meizu: %s answered HTTP %d, not a Meizu response: %.200s", path, resp.StatusCode, data)
	}
	if r.Code == CodeOK && resp.StatusCode/100 != 2 {
		return Response{}, fmt.Errorf("meizu: %s answered HTTP %d with a success body: %.200s", path, resp.StatusCode, data)
	}
	return r, nil
}
