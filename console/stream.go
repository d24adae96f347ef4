package console

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/pushsim/pushsim/trace"
)

// MaxReplay bounds the past events a stream sends first (the latest ones
// the filter keeps) when it is opened with since=.
const MaxReplay = 1000

// writeGrace bounds one write to a stream's client: a client that stops
// reading loses its stream instead of holding a slot forever.
const writeGrace = 30 * time.Second

// record is an event as the stream sends it: the same fields as
// GET /_pushsim/trace, with "t_ms", the milliseconds since the start.
type record struct {
	ElapsedMS int64 `json:"t_ms"`
	trace.Event
}

// serveStream is GET /_pushsim/trace/stream?device=&message=&kind=&since=:
// server-sent events, one "message" event per trace event (its data is the
// event as JSON). With since, the past events at or after since come
// first (at most MaxReplay; a "skipped" event says how many earlier ones
// were left out); without it, only events recorded from now on. A
// "dropped" event ({"dropped": n}, the running total) says the client fell
// behind and missed events. Idle streams get a comment every heartbeat.
// The stream ends when the client goes away or the environment closes.
func (c *Console) serveStream(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r.URL.Query(), c.cfg.Trace.Start())
	if err != nil {
		writeError(w, http.StatusBadRequest, "%v", err)
		return
	}
	select {
	case c.streams <- struct{}{}:
		defer func() { <-c.streams }()
	default:
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "too many open trace streams (at most %d); close one and retry", cap(c.streams))
		return
	}
	select {
	case <-c.cfg.Done:
		writeError(w, http.StatusServiceUnavailable, "the environment is closing")
		return
	default:
	}
	sub := c.cfg.Trace.Subscribe(c.cfg.Buffer)
	defer sub.Cancel()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	sw := &sseWriter{w: w, rc: rc}
	sw.comment("pushsim trace")
	sw.field("retry", "2000")
	sw.end()
	if f.replay {
		past := slices.DeleteFunc(sub.Past(), func(e trace.Event) bool { return !f.Match(e) })
		if skip := len(past) - MaxReplay; skip > 0 {
			sw.event("skipped", map[string]int{"skipped": skip})
			past = past[skip:]
		}
		for _, e := range past {
			sw.event("", c.record(e))
		}
	}
	if err := sw.flush(); err != nil {
		return
	}

	tick := time.NewTicker(c.cfg.Heartbeat)
	defer tick.Stop()
	var dropped uint64
	unflushed := 0
	for {
		select {
		case <-r.Context().Done():
			return
		case <-c.cfg.Done:
			return
		case e, ok := <-sub.Events():
			if !ok {
				return
			}
			if f.Match(e) {
				sw.event("", c.record(e))
			}
		case <-tick.C:
			sw.comment("heartbeat")
		}
		if n := sub.Dropped(); n != dropped {
			dropped = n
			sw.event("dropped", map[string]uint64{"dropped": n})
		}
		if unflushed++; len(sub.Events()) > 0 && unflushed < 64 && sw.err == nil {
			continue // more is waiting: flush once for the batch
		}
		unflushed = 0
		if err := sw.flush(); err != nil {
			return
		}
	}
}

func (c *Console) record(e trace.Event) record {
	return record{ElapsedMS: e.At.Sub(c.cfg.Trace.Start()).Milliseconds(), Event: e}
}

// sseWriter writes server-sent events and keeps the first error.
type sseWriter struct {
	w   io.Writer
	rc  *http.ResponseController
	err error
}

func (s *sseWriter) write(str string) {
	if s.err != nil {
		return
	}
	if err := s.rc.SetWriteDeadline(time.Now().Add(writeGrace)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		s.err = err
		return
	}
	_, s.err = io.WriteString(s.w, str)
}

// comment writes an SSE comment line and ends the block.
func (s *sseWriter) comment(text string) { s.write(": " + text + "\n\n") }

func (s *sseWriter) field(name, value string) { s.write(name + ": " + value + "\n") }

func (s *sseWriter) end() { s.write("\n") }

// event writes one event; name "" is the default "message" event. JSON
// has no raw newlines, so the data fits one data: line.
func (s *sseWriter) event(name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		s.err = err
		return
	}
	if name != "" {
		s.field("event", name)
	}
	s.field("data", string(data))
	s.end()
}

func (s *sseWriter) flush() error {
	if s.err == nil {
		s.err = s.rc.Flush()
	}
	return s.err
}

// filter selects the stream's events, with the same query parameters as
// GET /_pushsim/trace.
// filter is what a stream keeps: the trace query, and whether the client
// asked for past events (since).
type filter struct {
	trace.Query
	replay bool
}

func parseFilter(q url.Values, start time.Time) (filter, error) {
	tq, err := trace.ParseQuery(q, start)
	if err != nil {
		return filter{}, err
	}
	return filter{Query: tq, replay: q.Get("since") != ""}, nil
}
