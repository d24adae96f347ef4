package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client calls one pushsim server. It is safe for concurrent use.
type Client struct {
	base    string
	http    *http.Client
	minPoll time.Duration
	maxPoll time.Duration
	token   string
}

// Option customises New.
type Option func(*Client)

// WithHTTPClient sends requests through hc (default: a client with a 30s
// timeout).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithToken sends "Authorization: Bearer token" on every request: the
// admin token of a server started with `pushsim serve --admin-token` (or
// the one it printed). An empty token sends none.
func WithToken(token string) Option {
	return func(c *Client) { c.token = token }
}

// WithPollInterval bounds how often Wait polls: first after first, then
// twice as long each time up to limit (default 10ms up to 500ms). A value
// that is not positive, or a limit below first, leaves the defaults.
func WithPollInterval(first, limit time.Duration) Option {
	return func(c *Client) {
		if first > 0 && limit >= first {
			c.minPoll, c.maxPoll = first, limit
		}
	}
}

// New returns a client of the server at baseURL (e.g.
// "http://127.0.0.1:4780", as `pushsim serve` prints it).
func New(baseURL string, opts ...Option) *Client {
	c := &Client{
		base:    strings.TrimRight(baseURL, "/"),
		http:    &http.Client{Timeout: 30 * time.Second},
		minPoll: 10 * time.Millisecond,
		maxPoll: 500 * time.Millisecond,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// BaseURL is the server's base URL.
func (c *Client) BaseURL() string { return c.base }

// maxAnswer bounds an answer the client reads.
const maxAnswer = 64 << 20

// do sends one request with in as its JSON body (if not nil) and decodes
// a 2xx answer into out (if not nil). Any other answer is an *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("pushsim: %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(data)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return fmt.Errorf("pushsim: %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("pushsim: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return fmt.Errorf("pushsim: %s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answerError(method, path, resp.StatusCode, raw)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("pushsim: %s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// answerError builds the *Error of a non-2xx answer: the body's "error",
// or the body itself when it is not pushsim's JSON error.
func answerError(method, path string, status int, raw []byte) *Error {
	var e struct {
		Error string `json:"error"`
	}
	msg := strings.TrimSpace(string(raw))
	if json.Unmarshal(raw, &e) == nil && e.Error != "" {
		msg = e.Error
	}
	if len(msg) > 2000 {
		msg = msg[:2000] + "…"
	}
	return &Error{Status: status, Message: msg, Method: method, Path: path}
}
