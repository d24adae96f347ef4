package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Message returns a handle on the IM message with the key: the MsgKey
// that the IM server's openim/sendmsg answered with.
func (c *Client) Message(msgKey string) *MessageHandle {
	return &MessageHandle{c: c, key: msgKey}
}

// MessageHandle follows one message.
type MessageHandle struct {
	c   *Client
	key string
}

// Key is the message key.
func (m *MessageHandle) Key() string { return m.key }

// Get returns what became of the message so far.
func (m *MessageHandle) Get(ctx context.Context) (MessageFate, error) {
	var out MessageFate
	err := m.c.do(ctx, http.MethodGet, "/_pushsim/messages/"+url.PathEscape(m.key), nil, nil, &out)
	return out, err
}

// Condition is what Wait waits for.
type Condition func(MessageFate) bool

// Settled holds once the message reached a device and every device has an
// outcome; Wait's default.
func Settled() Condition { return MessageFate.Settled }

// OutcomeOn holds once the message has the outcome on the device.
func OutcomeOn(device, outcome string) Condition {
	return func(f MessageFate) bool {
		d, ok := f.On(device)
		return ok && d.Outcome == outcome
	}
}

// NotifiedOn holds once the message is a notification on the device.
func NotifiedOn(device string) Condition { return OutcomeOn(device, OutcomeNotified) }

// Wait polls the message, at growing intervals (WithPollInterval), until
// every condition holds (Settled when none is given) and returns its
// fate. When ctx ends first it returns the last fate seen with an error
// that wraps ctx's; an error answer of the server ends it at once.
func (m *MessageHandle) Wait(ctx context.Context, conds ...Condition) (MessageFate, error) {
	if len(conds) == 0 {
		conds = []Condition{Settled()}
	}
	delay := m.c.minPoll
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		fate, err := m.Get(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return fate, fmt.Errorf("pushsim: wait for message %s: %w", m.key, ctx.Err())
			}
			return fate, err
		}
		if holdAll(fate, conds) {
			return fate, nil
		}
		if timer == nil {
			timer = time.NewTimer(delay)
		} else {
			timer.Reset(delay)
		}
		select {
		case <-timer.C:
		case <-ctx.Done():
			return fate, fmt.Errorf("pushsim: wait for message %s: %w (last seen: %s)", m.key, ctx.Err(), fate.summary())
		}
		delay = min(2*delay, m.c.maxPoll)
	}
}

func holdAll(f MessageFate, conds []Condition) bool {
	for _, c := range conds {
		if !c(f) {
			return false
		}
	}
	return true
}

// summary renders each device's outcome in one line.
func (f MessageFate) summary() string {
	if len(f.Devices) == 0 {
		return "routed to no device"
	}
	s := ""
	for i, d := range f.Devices {
		if i > 0 {
			s += ", "
		}
		outcome := d.Outcome
		if outcome == "" {
			outcome = "in flight"
		}
		s += d.Device + " " + outcome
		if d.Reason != "" {
			s += " (" + d.Reason + ")"
		}
	}
	return s
}
