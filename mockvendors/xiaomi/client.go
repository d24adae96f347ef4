package xiaomi

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

// Client calls MiPush's server API (the mock, or the real service) like a
// backend does: form-encoded, with "Authorization: key=<AppSecret>" on
// every request. There is no token to cache or refresh.
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

// SendToRegIDs sends msg to up to 1000 regIds (/v3/message/regid).
func (c *Client) SendToRegIDs(ctx context.Context, secret string, regIDs []string, msg Message) (Response, error) {
	return c.send(ctx, secret, PathRegID, "registration_id", strings.Join(regIDs, ","), msg)
}

// SendToAliases sends msg to up to 1000 aliases (/v3/message/alias).
func (c *Client) SendToAliases(ctx context.Context, secret string, aliases []string, msg Message) (Response, error) {
	return c.send(ctx, secret, PathAlias, "alias", strings.Join(aliases, ","), msg)
}

// SendToTopic sends msg to a topic's subscribers (/v2/message/topic).
func (c *Client) SendToTopic(ctx context.Context, secret, topic string, msg Message) (Response, error) {
	return c.send(ctx, secret, PathTopic, "topic", topic, msg)
}

func (c *Client) send(ctx context.Context, secret, path, field, targets string, msg Message) (Response, error) {
	form := msg.Form()
	form.Set(field, targets)
	return c.Call(ctx, http.MethodPost, path, form, secret)
}

// Call calls the API path with the AppSecret: a form-encoded POST, or a
// GET with the parameters in the query. Like Xiaomi's own callers it
// treats any HTTP status but 200 as a failed call, not an answer.
func (c *Client) Call(ctx context.Context, method, path string, params url.Values, secret string) (Response, error) {
	u := c.base + path
	var body io.Reader
	if method == http.MethodGet {
		if len(params) > 0 {
			u += "?" + string(mockvendors.AppendForm(nil, params))
		}
	} else {
		body = bytes.NewReader(mockvendors.AppendForm(nil, params))
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return Response{}, fmt.Errorf("xiaomi: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	req.Header.Set(AuthorizationHeader, AuthorizationPrefix+secret)
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("xiaomi: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("xiaomi: read %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return Response{}, fmt.Errorf("xiaomi: %s answered HTTP %d: %.200s", path, resp.StatusCode, data)
	}
	r, err := decodeResponse(data)
	if err != nil || r.Result == "" {
		return Response{}, fmt.Errorf("xiaomi: %s answered a body that is not a MiPush response: %.200s", path, data)
	}
	return r, nil
}
