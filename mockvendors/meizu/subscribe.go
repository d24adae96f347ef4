package meizu

import (
	"net/http"
	"unicode/utf8"
)

// subscriber authenticates a subscription call and checks its pushId.
func (s *Server) subscriber(w http.ResponseWriter, r *http.Request) (*request, string, bool) {
	q, e := s.authenticate(r)
	if e == nil {
		e = s.checkPushID(q)
	}
	if e != nil {
		writeError(w, e)
		return nil, "", false
	}
	return q, q.get("pushId"), true
}

func (s *Server) checkPushID(q *request) *APIError {
	id := q.get("pushId")
	switch {
	case id == "":
		return apiErr(CodeParamEmpty, "pushId")
	case !WellFormedPushID(id):
		return apiErr(CodePushIDIllegal, "")
	}
	if r, ok := s.Hub().Lookup(id); !ok || !r.Active || r.AppID != q.app.ID {
		return apiErr(CodePushIDUnregistered, "")
	}
	return nil
}

type aliasValue struct {
	PushID string `json:"pushId"`
	Alias  string `json:"alias"`
}

type switchValue struct {
	switches
	PushID string `json:"pushId"`
}

func (s *Server) subscribeAlias(w http.ResponseWriter, r *http.Request) {
	q, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	alias := q.get("alias")
	switch {
	case alias == "":
		writeError(w, apiErr(CodeParamEmpty, "alias"))
		return
	case !utf8.ValidString(alias):
		writeError(w, apiErr(CodeParamError, "alias is not valid UTF-8"))
		return
	case utf8.RuneCountInString(alias) > MaxAlias:
		writeError(w, apiErr(CodeParamError, "alias must be at most %d characters", MaxAlias))
		return
	}
	s.state.mu.Lock()
	s.state.aliases[id] = alias
	s.state.mu.Unlock()
	writeResponse(w, http.StatusOK, okResponse(aliasValue{id, alias}))
}

func (s *Server) unSubscribeAlias(w http.ResponseWriter, r *http.Request) {
	_, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	s.state.mu.Lock()
	delete(s.state.aliases, id)
	s.state.mu.Unlock()
	writeResponse(w, http.StatusOK, okResponse(aliasValue{PushID: id}))
}

func (s *Server) getSubAlias(w http.ResponseWriter, r *http.Request) {
	_, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	s.state.mu.Lock()
	alias := s.state.aliases[id]
	s.state.mu.Unlock()
	writeResponse(w, http.StatusOK, okResponse(aliasValue{id, alias}))
}

func (s *Server) getRegisterSwitch(w http.ResponseWriter, r *http.Request) {
	_, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	s.state.mu.Lock()
	sw := s.state.switchesOf(id)
	s.state.mu.Unlock()
	writeResponse(w, http.StatusOK, okResponse(switchValue{sw, id}))
}

// changeRegisterSwitch sets one switch: msgType 0 the notification bar,
// 1 pass-through; subSwitch 0 off, 1 on.
func (s *Server) changeRegisterSwitch(w http.ResponseWriter, r *http.Request) {
	q, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	msgType, e := flag01(q, "msgType")
	if e == nil {
		var on int
		if on, e = flag01(q, "subSwitch"); e == nil {
			s.setSwitch(id, func(sw *switches) {
				if msgType == 0 {
					sw.Bar = on
				} else {
					sw.Direct = on
				}
			}, w)
			return
		}
	}
	writeError(w, e)
}

// changeAllSwitch sets both switches.
func (s *Server) changeAllSwitch(w http.ResponseWriter, r *http.Request) {
	q, id, ok := s.subscriber(w, r)
	if !ok {
		return
	}
	on, e := flag01(q, "subSwitch")
	if e != nil {
		writeError(w, e)
		return
	}
	s.setSwitch(id, func(sw *switches) { sw.Bar, sw.Direct = on, on }, w)
}

func (s *Server) setSwitch(id string, change func(*switches), w http.ResponseWriter) {
	s.state.mu.Lock()
	sw := s.state.switchesOf(id)
	change(&sw)
	s.state.switches[id] = &sw
	s.state.mu.Unlock()
	writeResponse(w, http.StatusOK, okResponse(switchValue{sw, id}))
}

// flag01 reads a 0/1 parameter (also "true"/"false").
func flag01(q *request, name string) (int, *APIError) {
	switch q.get(name) {
	case "":
		return 0, apiErr(CodeParamEmpty, "%s", name)
	case "0", "false":
		return 0, nil
	case "1", "true":
		return 1, nil
	}
	return 0, apiErr(CodeParamError, "%s must be 0 or 1", name)
}
