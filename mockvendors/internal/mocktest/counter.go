package mocktest

import (
	"net/http"
	"sync"
)

// Counter is an http.RoundTripper that counts requests by URL path and
// passes them on to Next.
type Counter struct {
	Next http.RoundTripper

	mu    sync.Mutex
	paths map[string]int
}

// RoundTrip counts r and sends it on.
func (c *Counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.paths == nil {
		c.paths = map[string]int{}
	}
	c.paths[r.URL.Path]++
	c.mu.Unlock()
	return c.Next.RoundTrip(r)
}

// Count is the number of requests to path so far.
func (c *Counter) Count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paths[path]
}
