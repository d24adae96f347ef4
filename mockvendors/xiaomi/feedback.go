package xiaomi

import "sort"

// feedbackOffline answers /v1/feedback/fetch_invalid_regids as a retired
// API: Xiaomi took it offline in 2024 and points callers to receipts with
// extra.callback.type 16 (invalid targets). The exact answer of the
// retired endpoint is not documented; the mock answers 10020 (the API does
// not exist) in the usual envelope, with that advice as the reason.
func (s *Server) feedbackOffline(q *request) Response {
	return errorResponse(apiErr(CodeAPINotFound, "%s was taken offline in 2024: ask for receipts with extra.callback.type %d (invalid targets) instead",
		PathInvalidRegIDs, ReceiptInvalidTarget))
}

// fetchInvalid is the retired /v1/feedback/fetch_invalid_regids, served
// WithLegacyFeedback: the app's regIds that became invalid (the app was
// uninstalled or re-registered) and were not fetched before.
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
