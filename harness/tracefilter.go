package harness

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/pushsim/pushsim/trace"
)

// TraceFilter selects trace events; its zero value selects all of them.
type TraceFilter = trace.Query

// ParseTraceFilter reads the filters of GET /_pushsim/trace from a query
// (trace.ParseQuery says how), since counting from the environment's start.
func (e *Env) ParseTraceFilter(q url.Values) (TraceFilter, error) {
	return trace.ParseQuery(q, e.trace.Start())
}

// TraceRecords returns the events the filter keeps, in canonical order and
// in their JSON form.
func (e *Env) TraceRecords(f TraceFilter) []trace.Record {
	return e.trace.Records(e.trace.Filter(f.Match))
}

// Paging bounds of GET /_pushsim/trace.
const (
	// DefaultTracePage is the page size when after= comes without limit=.
	DefaultTracePage = 1000
	// MaxTracePage is the largest limit= accepted.
	MaxTracePage = 10_000
)

// parsePaging takes limit= and after= out of q: whether either was given,
// the page size and the cursor.
func parsePaging(q url.Values) (paged bool, limit int, after int64, err error) {
	limit = DefaultTracePage
	if s, ok := q["limit"]; ok {
		paged = true
		n, err := strconv.Atoi(s[0])
		if err != nil || n < 1 || n > MaxTracePage {
			return false, 0, 0, fmt.Errorf("limit %q: want a whole number from 1 to %d", s[0], MaxTracePage)
		}
		limit = n
		q.Del("limit")
	}
	if s, ok := q["after"]; ok {
		paged = true
		n, err := strconv.ParseInt(s[0], 10, 64)
		if err != nil || n < 0 {
			return false, 0, 0, fmt.Errorf("after %q: want the next of the previous page (a seq, 0 for the oldest event held)", s[0])
		}
		after = n
		q.Del("after")
	}
	return paged, limit, after, nil
}

// TracePage returns up to limit events the filter keeps among those
// recorded after position after, in the order recorded (trace.Page).
func (e *Env) TracePage(f TraceFilter, after int64, limit int) trace.Page {
	return e.trace.Page(after, limit, f.Match)
}
