package fakeim

import (
	"context"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// pushJob is one decided push.
type pushJob struct {
	req    protocol.PushRequest
	pusher protocol.Pusher
}

// pushLane is the ordered queue of one vendor's pushes. One goroutine
// drains it while it is not empty, so pushes reach a vendor in dispatch
// order: a device's messages keep their send order, and calls to one
// vendor never race, whatever the scheduling.
type pushLane struct {
	jobs    []*pushJob
	running bool
}

// enqueuePushLocked queues a push on its vendor's lane and starts the
// lane's worker if it is idle. s.mu must be held.
func (s *Server) enqueuePushLocked(j *pushJob) {
	v := j.req.Cert.Vendor
	l := s.lanes[v]
	if l == nil {
		l = &pushLane{}
		s.lanes[v] = l
	}
	l.jobs = append(l.jobs, j)
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
			l.jobs, l.running = nil, false
			s.mu.Unlock()
			return
		}
		j := l.jobs[0]
		l.jobs = l.jobs[1:]
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
