package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Trace returns the trace events the filter selects, in order.
func (c *Client) Trace(ctx context.Context, f TraceFilter) ([]TraceEvent, error) {
	var out []TraceEvent
	err := c.do(ctx, http.MethodGet, "/_pushsim/trace", f.query(), nil, &out)
	return out, err
}

// TracePage returns up to limit (1 to 10,000) of the events the filter
// selects among those recorded after the cursor after (0: from the oldest
// held), in the order recorded; pass the page's Next as after to read on.
func (c *Client) TracePage(ctx context.Context, f TraceFilter, after int64, limit int) (TracePage, error) {
	q := f.query()
	q.Set("after", strconv.FormatInt(after, 10))
	q.Set("limit", strconv.Itoa(limit))
	var out TracePage
	err := c.do(ctx, http.MethodGet, "/_pushsim/trace", q, nil, &out)
	return out, err
}

// query is the filter as the trace route's parameters.
func (f TraceFilter) query() url.Values {
	q := url.Values{}
	if f.Device != "" {
		q.Set("device", f.Device)
	}
	if f.Message != "" {
		q.Set("message", f.Message)
	}
	if len(f.Kinds) > 0 {
		q.Set("kind", strings.Join(f.Kinds, ","))
	}
	switch {
	case !f.SinceTime.IsZero():
		q.Set("since", f.SinceTime.Format(time.RFC3339Nano))
	case f.Since > 0:
		q.Set("since", strconv.FormatInt(f.Since.Milliseconds(), 10))
	}
	if len(f.Reasons) > 0 {
		q.Set("reason", strings.Join(f.Reasons, ","))
	}
	return q
}

// VendorMessages lists what the vendor mock ("meizu", "xiaomi", "fcm",
// ...) accepted, in arrival order.
func (c *Client) VendorMessages(ctx context.Context, vendor string) ([]VendorMessage, error) {
	var out []VendorMessage
	err := c.do(ctx, http.MethodGet, "/_pushsim/vendors/"+url.PathEscape(vendor)+"/messages", nil, nil, &out)
	return out, err
}

// ClearVendorMessages forgets what the vendor mock received.
func (c *Client) ClearVendorMessages(ctx context.Context, vendor string) error {
	return c.do(ctx, http.MethodDelete, "/_pushsim/vendors/"+url.PathEscape(vendor)+"/messages", nil, nil, nil)
}
