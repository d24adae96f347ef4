package oppo

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/pushsim/pushsim/protocol"
	"github.com/pushsim/pushsim/trace"
)

// saveMessageContent handles POST .../save_message_content: the
// notification's fields as form fields, stored for broadcasts. A repeated
// app_message_id is stored once.
func (s *Server) saveMessageContent(w http.ResponseWriter, r *http.Request) {
	q, e := s.authenticate(r)
	if e != nil {
		s.fail(w, e)
		return
	}
	fields := map[string]string{}
	for k := range q.form {
		if k != "auth_token" {
			fields[k] = q.form.Get(k)
		}
	}
	text, err := json.Marshal(fields)
	if err != nil {
		s.fail(w, apiErr(CodeInvalidArgument, "%v", err))
		return
	}
	n, err := ParseNotification(string(text))
	if err != nil {
		s.fail(w, err.(*APIError))
		return
	}
	if n.CallBackURL != "" && !s.cfg.ReceiptAllowed(q.app, n.CallBackURL) {
		s.fail(w, apiErr(CodeInvalidArgument, "call_back_url is not a receipt address registered for this app"))
		return
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	if n.AppMessageID != "" {
		found := ""
		st.saved.Range(func(id string, m savedMessage) bool {
			if m.appID == q.app.ID && m.notification.AppMessageID == n.AppMessageID {
				found = id
				return false
			}
			return true
		})
		if found != "" {
			s.reply(w, okResponse(SaveData{MessageID: found}))
			return
		}
	}
	id := st.messageID(s.cfg.Seed, q.app.ID, "saved", string(text))
	st.saved.Set(id, savedMessage{appID: q.app.ID, notification: n})
	s.reply(w, okResponse(SaveData{MessageID: id}))
}

// broadcast handles POST .../broadcast: a stored message to every device
// of the app (target_type 1) or to up to 1000 regIds separated by ";"
// (target_type 2). Unknown regIds are skipped (a vendor.drop each); public
// messages beyond the daily quota are not sent (33 when it is used up
// before the call).
func (s *Server) broadcast(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	q := s.pushCall(w, r, now)
	if q == nil {
		return
	}
	msgID := q.get("message_id")
	if msgID == "" {
		s.fail(w, apiErr(CodeMissingArgument, "message_id"))
		return
	}
	var tt FlexInt
	if err := tt.UnmarshalJSON([]byte(q.get("target_type"))); err != nil || (tt != TargetAll && tt != TargetRegID) {
		s.fail(w, apiErr(CodeInvalidArgument, "target_type must be 1 (all) or 2 (registration_id)"))
		return
	}
	var targets []string
	if tt == TargetRegID {
		targets = splitTargets(q.get("target_value"))
		switch {
		case len(targets) == 0:
			s.fail(w, apiErr(CodeMissingArgument, "target_value"))
			return
		case len(targets) > s.opts.maxBatch:
			s.fail(w, apiErr(CodeInvalidArgument, "target_value names %d regIds, at most %d", len(targets), s.opts.maxBatch))
			return
		}
	}
	st := s.state
	st.mu.Lock()
	defer st.mu.Unlock()
	saved, ok := st.saved.Get(msgID)
	if !ok || saved.appID != q.app.ID {
		s.fail(w, apiErr(CodeDataNotExist, "message_id %s", msgID))
		return
	}
	n := saved.notification
	public := !n.Private()
	if public && st.daily.Exhausted(q.app.ID, now) {
		s.fail(w, apiErr(CodeDailyQuota, ""))
		return
	}
	if tt == TargetAll {
		targets = s.appTokens(q.app.ID)
	}
	taskID := st.taskID(s.cfg.Seed, q.app.ID, msgID, q.get("target_type"), strings.Join(targets, ";"))
	for _, t := range targets {
		reg, ok := s.Hub().Lookup(t)
		drop := trace.Event{Component: string(protocol.VendorOPPO), Kind: trace.VendorDrop, VendorMsgID: taskID,
			Device: reg.DeviceID, Details: map[string]string{"token": t}}
		switch {
		case !ok || !reg.Active || reg.AppID != q.app.ID:
			drop.Reason = protocol.ReasonVendorTokenInvalid
			s.cfg.Record(drop)
			continue
		case public && !st.daily.Allow(q.app.ID, now):
			drop.Reason = protocol.ReasonVendorQuotaExceeded
			s.cfg.Record(drop)
			continue
		}
		held := public && !st.deviceCap.Allow(q.app.ID+"\x00"+reg.DeviceID, now)
		s.accept(delivery{app: q.app, msgID: taskID, messageID: msgID, taskID: taskID, notification: n, token: t,
			device: reg.DeviceID, now: now, path: r.URL.Path, params: q.params(), held: held})
	}
	s.reply(w, okResponse(BroadcastData{MessageID: msgID, TaskID: taskID}))
}

// appTokens lists the app's active regIds in order.
func (s *Server) appTokens(appID string) []string {
	var out []string
	for _, reg := range s.Hub().Registrations() {
		if reg.AppID == appID && reg.Active {
			out = append(out, reg.Token)
		}
	}
	sort.Strings(out)
	return out
}

// splitTargets splits a ";"-separated list (also ","), trimming blanks
// and dropping empty items and repeats.
func splitTargets(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		item = strings.TrimSpace(item)
		if item != "" && !seen[item] {
			seen[item] = true
			out = append(out, item)
		}
	}
	return out
}

// fetchInvalidRegIDs handles GET /server/v1/feedback/fetch_invalid_regidList:
// the app's regIds that are no longer registered (the app was uninstalled
// or re-registered).
func (s *Server) fetchInvalidRegIDs(w http.ResponseWriter, r *http.Request) {
	q, e := s.authenticate(r)
	if e != nil {
		s.fail(w, e)
		return
	}
	ids := []string{}
	for _, reg := range s.Hub().Registrations() {
		if reg.AppID == q.app.ID && !reg.Active {
			ids = append(ids, reg.Token)
		}
	}
	sort.Strings(ids)
	s.reply(w, okResponse(InvalidRegIDData{RegistrationIDs: ids, TotalCount: len(ids)}))
}
