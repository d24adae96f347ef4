package xiaomi

import "sort"

// fetchInvalid is /v1/feedback/fetch_invalid_regids on the feedback host:
// the app's regIds that became invalid (the app was uninstalled or
// re-registered) and were not fetched before.
func (s *Server) fetchInvalid(q *request) Response {
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	list := []string{}
	for _, r := range s.Hub().Registrations() {
		if r.AppID == q.app.ID && !r.Active && !st.reported[r.Token] {
			st.reported[r.Token] = true
			list = append(list, r.Token)
		}
	}
	sort.Strings(list)
	return okResponse("", ListData{List: list})
}
