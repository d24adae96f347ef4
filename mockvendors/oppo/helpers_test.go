package oppo_test

import (
	"encoding/json"
	"net/http"
	"sync"
)

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// countingTransport counts the requests to one path.
type countingTransport struct {
	next http.RoundTripper
	path string

	mu sync.Mutex
	n  int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == c.path {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
	return c.next.RoundTrip(r)
}

func (c *countingTransport) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
