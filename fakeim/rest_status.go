package fakeim

// statusQuery is a parsed query_online_status / querystate body.
type statusQuery struct {
	Accounts   []string
	NeedDetail bool
}

// parseStatusQuery reads To_Account (1 to 500 IDs) and IsNeedDetail.
func parseStatusQuery(body []byte) (statusQuery, *Error) {
	f, e := parseObject(body, CodeJSONParse)
	if e != nil {
		return statusQuery{}, e
	}
	list, present, isArray := f.array("To_Account")
	switch {
	case !present:
		return statusQuery{}, errorf(CodeInvalidParam, "To_Account is missing")
	case !isArray:
		return statusQuery{}, errorf(CodeInvalidParam, "To_Account is not an array")
	case len(list) == 0 || len(list) > maxQueryAccounts:
		return statusQuery{}, errorf(CodeInvalidParam, "%d accounts in To_Account: query 1 to %d", len(list), maxQueryAccounts)
	}
	var q statusQuery
	for _, raw := range list {
		id, _, ok := rawString(raw)
		if !ok {
			return statusQuery{}, errorf(CodeAccountNotString, "To_Account holds a value that is not a string")
		}
		q.Accounts = append(q.Accounts, id)
	}
	detail, _, ok := f.int("IsNeedDetail")
	if !ok || detail < 0 || detail > 1 {
		return statusQuery{}, errorf(CodeInvalidParam, "IsNeedDetail must be 0 or 1")
	}
	q.NeedDetail = detail == 1
	return q, nil
}

// statusDetail is one logged-in terminal of a user.
type statusDetail struct {
	Platform string `json:"Platform"`
	Status   string `json:"Status"`
}

// statusResult is one QueryResult item; legacy querystate says State.
type statusResult struct {
	ToAccount string         `json:"To_Account"`
	Status    string         `json:"Status,omitempty"`
	State     string         `json:"State,omitempty"`
	Detail    []statusDetail `json:"Detail,omitempty"`
}

// accountError is one ErrorList item.
type accountError struct {
	ToAccount string `json:"To_Account"`
	ErrorCode int    `json:"ErrorCode"`
}

type statusResponse struct {
	envelope
	QueryResult []statusResult `json:"QueryResult"`
	ErrorList   []accountError `json:"ErrorList,omitempty"`
}

func (s *Server) restQueryOnlineStatus(body []byte) (enveloped, *Error) {
	return s.queryStatus(body, false)
}

func (s *Server) restQueryState(body []byte) (enveloped, *Error) {
	return s.queryStatus(body, true)
}

func (s *Server) queryStatus(body []byte, legacy bool) (enveloped, *Error) {
	q, e := parseStatusQuery(body)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &statusResponse{QueryResult: []statusResult{}}
	for _, id := range q.Accounts {
		if _, ok := s.accounts[id]; !ok {
			out.ErrorList = append(out.ErrorList, accountError{ToAccount: id, ErrorCode: CodeAccountNotFound})
			continue
		}
		status, detail := s.userStatusLocked(id)
		res := statusResult{ToAccount: id}
		if legacy {
			res.State = status
		} else {
			res.Status = status
		}
		if q.NeedDetail {
			res.Detail = detail
		}
		out.QueryResult = append(out.QueryResult, res)
	}
	return out, nil
}

// userStatusLocked is a user's REST status: Online if any instance is
// connected (Background counts as Online), else PushOnline if any is,
// else Offline; and one Detail per instance that is not Offline.
// s.mu must be held.
func (s *Server) userStatusLocked(user string) (string, []statusDetail) {
	status := StateOffline
	var detail []statusDetail
	for _, in := range s.userInstancesLocked(user) {
		st := restStatus(in.state)
		if st == StateOffline {
			continue
		}
		detail = append(detail, statusDetail{Platform: in.platform, Status: st})
		if st == StateOnline || status == StateOffline {
			status = st
		}
	}
	return status, detail
}

// restStatus maps an instance state to the REST status values.
func restStatus(state string) string {
	if state == StateBackground {
		return StateOnline
	}
	return state
}
