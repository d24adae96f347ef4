package trace

// chunkEvents is how many events one chunk of an eventLog holds.
const chunkEvents = 1024

// slot is one event as the log holds it, with the position of the event
// before it that names the same message, vendor message and device (none
// when negative): the trace's indexes are these chains, so recording an
// event allocates nothing for them.
type slot struct {
	Event
	prevMsg, prevVendor, prevDevice int
	// later says which of its keys a later event names too (laterMsg,
	// laterVendor, laterDevice): dropping an event that is the newest of
	// a key forgets the key, the others need no index lookup.
	later uint8
}

// The bits of slot.later.
const (
	laterMsg uint8 = 1 << iota
	laterVendor
	laterDevice
)

// eventLog holds a trace's events, oldest first, in fixed-size chunks:
// recording one never copies those before it (a growing slice would copy
// them all each time it runs out of room), and dropping the oldest frees
// its chunk once every event in it is gone.
type eventLog struct {
	chunks [][]slot // each of capacity chunkEvents, all but the last full
	off    int      // index of the oldest event in chunks[0]
	n      int
	// spare is the chunk the oldest events last emptied, kept for the
	// next new one: a trace that retention holds at a bound reuses its
	// chunks instead of allocating one every chunkEvents events.
	spare []slot
}

// len is the number of events held.
func (l *eventLog) len() int { return l.n }

// at returns the i-th oldest event held, 0 <= i < len().
func (l *eventLog) at(i int) *slot {
	i += l.off
	return &l.chunks[i/chunkEvents][i%chunkEvents]
}

// last returns the newest event; the log must not be empty.
func (l *eventLog) last() *slot { return l.at(l.n - 1) }

// push appends s as the newest event.
func (l *eventLog) push(s slot) {
	if k := len(l.chunks); k == 0 || len(l.chunks[k-1]) == chunkEvents {
		next := l.spare
		if next == nil {
			next = make([]slot, 0, chunkEvents)
		}
		l.spare = nil
		l.chunks = append(l.chunks, next)
	}
	k := len(l.chunks) - 1
	l.chunks[k] = append(l.chunks[k], s)
	l.n++
}

// popFront removes and returns the oldest event; the log must not be
// empty.
func (l *eventLog) popFront() slot {
	first := l.chunks[0]
	e := first[l.off]
	first[l.off] = slot{} // let the details go while the chunk lives on
	l.off++
	l.n--
	switch {
	case l.n == 0:
		l.spare = first[:0] // every slot of it held was cleared as it was dropped
		l.chunks, l.off = nil, 0
	case l.off == chunkEvents:
		l.spare = first[:0]
		// Shift the chunk list down rather than slice its front off, so
		// appending the next chunk reuses the list's array.
		k := copy(l.chunks, l.chunks[1:])
		l.chunks[k] = nil
		l.chunks, l.off = l.chunks[:k], 0
	}
	return e
}

// head copies the oldest len(out) events into out.
func (l *eventLog) head(out []Event) {
	for i := range out {
		out[i] = l.at(i).Event
	}
}
