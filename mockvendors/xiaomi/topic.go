package xiaomi

import (
	"errors"
	"fmt"
)

// ErrUnknownRegID is returned for a regId that is not registered.
var ErrUnknownRegID = errors.New("xiaomi: regId is not registered")

// SetAlias gives a device's registration an alias, as the app does with
// MiPushClient.setAlias (the device channel has no frame for it).
func (s *Server) SetAlias(regID, alias string) error {
	return s.setSub(func(st *state) subs { return st.aliases }, regID, alias, true)
}

// UnsetAlias removes an alias (MiPushClient.unsetAlias).
func (s *Server) UnsetAlias(regID, alias string) error {
	return s.setSub(func(st *state) subs { return st.aliases }, regID, alias, false)
}

// SetUserAccount binds a user account (MiPushClient.setUserAccount).
func (s *Server) SetUserAccount(regID, account string) error {
	return s.setSub(func(st *state) subs { return st.accounts }, regID, account, true)
}

// UnsetUserAccount unbinds a user account (MiPushClient.unsetUserAccount).
func (s *Server) UnsetUserAccount(regID, account string) error {
	return s.setSub(func(st *state) subs { return st.accounts }, regID, account, false)
}

// SubscribeTopic subscribes a registration to a topic from the device
// side (MiPushClient.subscribe).
func (s *Server) SubscribeTopic(regID, topic string) error {
	return s.setSub(func(st *state) subs { return st.topics }, regID, topic, true)
}

func (s *Server) setSub(which func(*state) subs, regID, name string, on bool) error {
	r, ok := s.Hub().Lookup(regID)
	if !ok || !r.Active {
		return fmt.Errorf("%w: %q", ErrUnknownRegID, regID)
	}
	if name == "" {
		return errors.New("xiaomi: empty name")
	}
	s.state.mu.Lock()
	defer s.state.mu.Unlock()
	if on {
		which(s.state).add(r.AppID, name, regID)
	} else {
		which(s.state).remove(r.AppID, name, regID)
	}
	return nil
}

// topicSub returns the body of /v2/topic/{subscribe,unsubscribe}[/alias]:
// the listed regIds (or the devices of the listed aliases) of the app
// join or leave topic; none of them valid is 20301.
func (s *Server) topicSub(byAlias, on bool) func(*request) Response {
	return func(q *request) Response {
		field := "registration_id"
		if byAlias {
			field = "aliases"
		}
		if e := s.checkPackage(q); e != nil {
			return errorResponse(e)
		}
		names := splitList(q.form.Get(field), ",")
		topic := q.get("topic")
		switch {
		case len(names) == 0:
			return errorResponse(apiErr(CodeParamMissing, "%s", field))
		case len(names) > s.opts.maxTargets:
			return errorResponse(apiErr(CodeParamInvalid, "%s names %d targets, at most %d", field, len(names), s.opts.maxTargets))
		case topic == "":
			return errorResponse(apiErr(CodeParamMissing, "topic"))
		}
		st := s.state
		st.mu.Lock()
		defer st.mu.Unlock()
		kind := targetRegID
		if byAlias {
			kind = targetAlias
		}
		valid, _ := s.resolve(q.app, kind, names, "")
		if len(valid) == 0 {
			return errorResponse(apiErr(CodeNoValidTargets, "No valid targets!"))
		}
		for _, t := range valid {
			if on {
				st.topics.add(q.app.ID, topic, t.regID)
			} else {
				st.topics.remove(q.app.ID, topic, t.regID)
			}
		}
		return okResponse(fmt.Sprintf("%d devices, topic %s", len(valid), topic), nil)
	}
}

// listOf returns the body of /v1/alias/all or /v1/topic/all: what one
// registration_id of the app has.
func (s *Server) listOf(which func(*state) subs) func(*request) Response {
	return func(q *request) Response {
		if e := s.checkPackage(q); e != nil {
			return errorResponse(e)
		}
		regID := q.get("registration_id")
		if regID == "" {
			return errorResponse(apiErr(CodeParamMissing, "registration_id"))
		}
		if !s.active(q.app.ID, regID) {
			return errorResponse(apiErr(CodeNoValidTargets, "No valid targets!"))
		}
		s.state.mu.Lock()
		list := which(s.state).namesOf(q.app.ID, regID)
		s.state.mu.Unlock()
		if list == nil {
			list = []string{}
		}
		return okResponse("", ListData{List: list})
	}
}
