package fakeim

import (
	"context"
	"hash/fnv"
	"strconv"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// pushJob is one decided push.
type pushJob struct {
	req    protocol.PushRequest
	pusher protocol.Pusher
}

// pushLane is an ordered queue of one vendor's pushes. One goroutine
// drains it while it is not empty, so the pushes of a lane reach the
// vendor in dispatch order. Each device's pushes always take the same
// lane, so its messages keep their send order. With one lane per vendor
// (the default) calls to a vendor never race, whatever the scheduling,
// which keeps runs deterministic; more lanes (Config.PushLanes) let a
// slow vendor call hold up only the devices of its lane.
type pushLane struct {
	jobs    []*pushJob
	running bool
}

// laneKey names a lane: the vendor and the lane number.
type laneKey struct {
	vendor protocol.Vendor
	n      uint32
}

// laneOf is the lane of a device's pushes to a vendor.
func (s *Server) laneOf(v protocol.Vendor, device string) laneKey {
	if s.cfg.PushLanes <= 1 {
		return laneKey{vendor: v}
	}
	h := fnv.New32a()
	h.Write([]byte(device))
	return laneKey{vendor: v, n: h.Sum32() % uint32(s.cfg.PushLanes)}
}

// enqueuePushLocked queues a push on its lane and starts the lane's
// worker if it is idle. When MaxQueuedPushes pushes are waiting already,
// the push is not queued: its vendor result says push_queue_full, so a
// stuck vendor costs bounded memory and every message is accounted for.
// s.mu must be held.
func (s *Server) enqueuePushLocked(j *pushJob) {
	if s.queued >= s.cfg.MaxQueuedPushes {
		req := j.req
		s.record(trace.Event{Kind: trace.VendorResult, Msg: req.MsgKey, Device: req.Device, Reason: protocol.ReasonPushQueueFull,
			Details: map[string]string{"vendor": string(req.Cert.Vendor), "queued": strconv.Itoa(s.queued)}})
		return
	}
	k := s.laneOf(j.req.Cert.Vendor, j.req.Device)
	l := s.lanes[k]
	if l == nil {
		l = &pushLane{}
		s.lanes[k] = l
	}
	l.jobs = append(l.jobs, j)
	s.queued++
	if !l.running {
		l.running = s.goLocked(func() { s.drainLane(l) })
	}
}

// drainLane pushes the lane's jobs in order until it is empty or the
// server closes.
func (s *Server) drainLane(l *pushLane) {
	for {
		s.mu.Lock()
		if len(l.jobs) == 0 || s.closed {
			s.queued -= len(l.jobs)
			l.jobs, l.running = nil, false
			s.mu.Unlock()
			return
		}
		j := l.jobs[0]
		l.jobs[0] = nil
		l.jobs = l.jobs[1:]
		s.queued--
		s.mu.Unlock()
		s.push(j)
	}
}

// push calls the vendor and records the request and its result.
func (s *Server) push(j *pushJob) {
	req := j.req
	vendor := string(req.Cert.Vendor)
	d := map[string]string{"vendor": vendor, "token": req.Token, "title": req.Title, "body": req.Desc,
		"certificate": itoa64(req.Cert.ID)}
	if req.Ext != "" {
		d["ext"] = req.Ext
	}
	s.record(trace.Event{Kind: trace.VendorRequest, Msg: req.MsgKey, Device: req.Device, Details: d})
	ctx, cancel := context.WithTimeout(s.ctx, PushTimeout)
	res := j.pusher.Push(ctx, req)
	cancel()
	s.trace.Link(res.VendorMsgID, req.MsgKey)
	s.record(trace.Event{Kind: trace.VendorResult, Msg: req.MsgKey, VendorMsgID: res.VendorMsgID, Device: req.Device,
		Reason: res.Reason, Details: map[string]string{"vendor": vendor, "code": res.Code, "message": res.Message}})
}
