package oppo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pushsim/pushsim/mockvendors"
	"github.com/pushsim/pushsim/mockvendors/authtoken"
)

// Credentials are what an OPPO backend authenticates with.
type Credentials struct {
	AppKey       string
	MasterSecret string
}

// Client calls OPPO's server API (the mock, or the real service) like a
// backend does: it trades the credentials for an auth_token, keeps it
// until shortly before its 24 hours run out, gets a new one when the
// service calls it invalid (code 11), and sends it in every form.
type Client struct {
	base   string
	hc     *http.Client
	tokens *authtoken.Cache
}

// NewClient returns a client for the API at baseURL (e.g. the mock's
// prefix, or BaseURL). A nil httpClient uses one with a 10 s timeout.
func NewClient(baseURL string, httpClient *http.Client) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), hc: httpClient, tokens: authtoken.NewCache(0)}
}

// Auth asks for a new auth_token. A refusal is an *APIError.
func (c *Client) Auth(ctx context.Context, cr Credentials) (authtoken.Token, error) {
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	form := url.Values{"app_key": {cr.AppKey}, "timestamp": {ts}, "sign": {Sign(cr.AppKey, ts, cr.MasterSecret)}}
	resp, err := c.post(ctx, http.MethodPost, PathAuth, form)
	if err != nil {
		return authtoken.Token{}, err
	}
	if !resp.OK() {
		return authtoken.Token{}, &APIError{Code: resp.Code, Message: resp.Message}
	}
	var d AuthData
	if err := resp.DataAs(&d); err != nil || d.AuthToken == "" {
		return authtoken.Token{}, fmt.Errorf("oppo: auth answered without an auth_token: %s", resp.Data)
	}
	created := time.Now()
	if d.CreateTime > 0 {
		created = time.UnixMilli(d.CreateTime)
	}
	return authtoken.Token{Value: d.AuthToken, Created: created, Expires: created.Add(authtoken.DefaultLifetime)}, nil
}

// Call sends form to path with a good auth_token: a POST form, or a GET
// with the parameters in the query. If the service calls the token
// invalid (11) it gets a new one and tries once more. An auth failure
// is an *APIError.
func (c *Client) Call(ctx context.Context, cr Credentials, method, path string, form url.Values) (Response, error) {
	key := authtoken.Key(c.base, cr.AppKey, cr.MasterSecret)
	fetch := func(ctx context.Context) (authtoken.Token, error) { return c.Auth(ctx, cr) }
	for attempt := 0; ; attempt++ {
		tok, err := c.tokens.Token(ctx, key, fetch)
		if err != nil {
			return Response{}, err
		}
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("auth_token", tok.Value)
		resp, err := c.post(ctx, method, path, f)
		if err != nil {
			return Response{}, err
		}
		if resp.Code == CodeInvalidAuthToken && attempt == 0 {
			c.tokens.Drop(key, tok.Value)
			continue
		}
		return resp, nil
	}
}

// Unicast sends one message.
func (c *Client) Unicast(ctx context.Context, cr Credentials, m Message) (Response, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return Response{}, fmt.Errorf("oppo: encode message: %w", err)
	}
	return c.Call(ctx, cr, http.MethodPost, PathUnicast, url.Values{"message": {string(b)}})
}

// UnicastBatch sends up to 1000 messages in one call.
func (c *Client) UnicastBatch(ctx context.Context, cr Credentials, ms []Message) (Response, error) {
	b, err := json.Marshal(ms)
	if err != nil {
		return Response{}, fmt.Errorf("oppo: encode messages: %w", err)
	}
	return c.Call(ctx, cr, http.MethodPost, PathUnicastBatch, url.Values{"messages": {string(b)}})
}

// SaveMessageContent stores a notification for broadcasts; its fields
// travel as form fields.
func (c *Client) SaveMessageContent(ctx context.Context, cr Credentials, n Notification) (Response, error) {
	b, err := json.Marshal(n)
	if err != nil {
		return Response{}, fmt.Errorf("oppo: encode notification: %w", err)
	}
	var fields map[string]any
	if err := json.Unmarshal(b, &fields); err != nil {
		return Response{}, fmt.Errorf("oppo: encode notification: %w", err)
	}
	form := url.Values{}
	for k, v := range fields {
		if s, ok := v.(string); ok {
			form.Set(k, s)
		} else {
			form.Set(k, fmt.Sprint(v))
		}
	}
	return c.Call(ctx, cr, http.MethodPost, PathSaveMessageContent, form)
}

// Broadcast sends a stored message to every device (TargetAll) or to the
// regIds (TargetRegID).
func (c *Client) Broadcast(ctx context.Context, cr Credentials, messageID string, targetType int, regIDs []string) (Response, error) {
	form := url.Values{"message_id": {messageID}, "target_type": {strconv.Itoa(targetType)}}
	if len(regIDs) > 0 {
		form.Set("target_value", strings.Join(regIDs, ";"))
	}
	return c.Call(ctx, cr, http.MethodPost, PathBroadcast, form)
}

// post sends one request and decodes the answer, unquoting a body that
// arrives as a JSON string.
func (c *Client) post(ctx context.Context, method, path string, form url.Values) (Response, error) {
	u := c.base + path
	var body io.Reader
	if method == http.MethodGet {
		u += "?" + string(mockvendors.AppendForm(nil, form))
	} else {
		body = bytes.NewReader(mockvendors.AppendForm(nil, form))
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return Response{}, fmt.Errorf("oppo: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("oppo: %s %s: %w", method, path, redact(err, form))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return Response{}, fmt.Errorf("oppo: read %s: %w", path, err)
	}
	return decodeResponse(data, resp.StatusCode, path)
}

// decodeResponse reads an OPPO answer (possibly JSON-quoted).
func decodeResponse(data []byte, status int, path string) (Response, error) {
	b := bytes.TrimSpace(data)
	if len(b) > 0 && b[0] == '"' {
		if s, err := strconv.Unquote(string(b)); err == nil {
			b = []byte(s)
		}
	}
	var r struct {
		Code    *int            `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &r); err != nil || r.Code == nil {
		return Response{}, fmt.Errorf("oppo: %s answered HTTP %d, not an OPPO response: %.200s", path, status, data)
	}
	return Response{Code: *r.Code, Message: r.Message, Data: r.Data}, nil
}

// redact keeps the auth token out of a transport error's text.
func redact(err error, form url.Values) error {
	tok := form.Get("auth_token")
	if tok == "" || !strings.Contains(err.Error(), tok) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), tok, "***"))
}
