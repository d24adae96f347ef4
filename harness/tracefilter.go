package harness

import (
	"net/url"

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
