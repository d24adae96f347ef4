package xiaomi

import (
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors"
)

// targetKind is how a push names its devices.
type targetKind string

const (
	targetRegID      targetKind = "regid"
	targetAlias      targetKind = "alias"
	targetAccount    targetKind = "user_account"
	targetTopic      targetKind = "topic"
	targetMultiTopic targetKind = "multi_topic"
	targetAll        targetKind = "all"
)

// MiPushMessage message types (MiPushMessage.getMessageType) by target kind.
const (
	MessageTypeRegID   = 0
	MessageTypeAlias   = 1
	MessageTypeTopic   = 2
	MessageTypeAccount = 3
)

// Topic operations of /v3/message/multi_topic.
const (
	TopicUnion        = "UNION"
	TopicIntersection = "INTERSECTION"
	TopicExcept       = "EXCEPT"
)

// TopicSeparator joins the topics of a multi-topic push.
const TopicSeparator = ";$;"

// MaxTopics is how many topics one multi-topic push may combine.
const MaxTopics = 5

// param is the form field naming the targets.
func (k targetKind) param() string {
	switch k {
	case targetRegID:
		return "registration_id"
	case targetAlias, targetAccount, targetTopic:
		return string(k)
	case targetMultiTopic:
		return "topics"
	}
	return ""
}

// idPrefix starts the message IDs of the kind: s single regIds, a
// aliases, u accounts, t topics, b broadcast to all.
func (k targetKind) idPrefix() string {
	switch k {
	case targetAlias:
		return "acm"
	case targetAccount:
		return "ucm"
	case targetTopic, targetMultiTopic:
		return "tcm"
	case targetAll:
		return "bcm"
	}
	return "scm"
}

func (k targetKind) messageType() int {
	switch k {
	case targetAlias:
		return MessageTypeAlias
	case targetAccount:
		return MessageTypeAccount
	case targetTopic, targetMultiTopic, targetAll:
		return MessageTypeTopic
	}
	return MessageTypeRegID
}

// infoName is how the service's info line counts the targets.
func (k targetKind) infoName() string {
	switch k {
	case targetAlias:
		return "ALIAS"
	case targetAccount:
		return "USERACCOUNT"
	case targetRegID:
		return "REGID"
	}
	return "TOPIC"
}

// target is one device a push reaches.
type target struct {
	regID     string
	addressed string // the regId, alias, account or topic it was reached by
}

// names reads the call's target list: required (10016) and within the
// per-call limit (10017). A broadcast to all names none.
func (s *Server) names(q *request, k targetKind) ([]string, *APIError) {
	switch k {
	case targetAll:
		return nil, nil
	case targetTopic:
		t := q.get("topic")
		if t == "" {
			return nil, apiErr(CodeParamMissing, "topic")
		}
		return []string{t}, nil
	case targetMultiTopic:
		ts := splitList(q.form.Get("topics"), TopicSeparator)
		switch {
		case len(ts) == 0:
			return nil, apiErr(CodeParamMissing, "topics")
		case len(ts) > MaxTopics:
			return nil, apiErr(CodeParamInvalid, "topics names %d topics, at most %d", len(ts), MaxTopics)
		}
		switch op := strings.ToUpper(q.get("topic_op")); op {
		case "", TopicUnion, TopicIntersection, TopicExcept:
		default:
			return nil, apiErr(CodeParamInvalid, "topic_op must be UNION, INTERSECTION or EXCEPT, got %q", op)
		}
		return ts, nil
	}
	list := splitList(q.form.Get(k.param()), ",")
	switch {
	case len(list) == 0:
		return nil, apiErr(CodeParamMissing, "%s", k.param())
	case len(list) > s.opts.maxTargets:
		return nil, apiErr(CodeParamInvalid, "%s names %d targets, at most %d per call", k.param(), len(list), s.opts.maxTargets)
	}
	return list, nil
}

// resolve turns the named targets into registered devices of the app,
// and lists the names that reached none. st.mu is held.
func (s *Server) resolve(app mockvendors.App, k targetKind, names []string, op string) (valid []target, invalid []string) {
	seen := map[string]bool{}
	take := func(regID, addressed string) bool {
		if !s.active(app.ID, regID) {
			return false
		}
		if !seen[regID] {
			seen[regID] = true
			valid = append(valid, target{regID, addressed})
		}
		return true
	}
	st := s.state
	switch k {
	case targetAll:
		for _, r := range s.Hub().Registrations() {
			take(r.Token, r.Token)
		}
	case targetMultiTopic:
		for _, id := range combineTopics(st.topics, app.ID, names, strings.ToUpper(op)) {
			take(id, strings.Join(names, TopicSeparator))
		}
	default:
		for _, name := range names {
			ids := []string{name}
			switch k {
			case targetAlias:
				ids = st.aliases.members(app.ID, name)
			case targetAccount:
				ids = st.accounts.members(app.ID, name)
			case targetTopic:
				ids = st.topics.members(app.ID, name)
			}
			ok := false
			for _, id := range ids {
				if take(id, name) {
					ok = true
				}
			}
			if !ok {
				invalid = append(invalid, name)
			}
		}
	}
	return valid, invalid
}

// active reports whether regID is registered, and for this app.
func (s *Server) active(appID, regID string) bool {
	r, ok := s.Hub().Lookup(regID)
	return ok && r.Active && r.AppID == appID
}

// combineTopics applies a topic operation: the union, the intersection,
// or the first topic's members except the others'.
func combineTopics(t subs, app string, topics []string, op string) []string {
	var out []string
	switch op {
	case TopicIntersection:
		for _, id := range t.members(app, topics[0]) {
			if countIn(t, app, topics[1:], id) == len(topics)-1 {
				out = append(out, id)
			}
		}
	case TopicExcept:
		for _, id := range t.members(app, topics[0]) {
			if countIn(t, app, topics[1:], id) == 0 {
				out = append(out, id)
			}
		}
	default:
		seen := map[string]bool{}
		for _, topic := range topics {
			for _, id := range t.members(app, topic) {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
	}
	return out
}

// countIn is how many of the topics id is subscribed to.
func countIn(t subs, app string, topics []string, id string) int {
	n := 0
	for _, topic := range topics {
		if t[app][topic][id] {
			n++
		}
	}
	return n
}

// info is the service's summary of an accepted push.
func info(k targetKind, n int) string {
	return "Received push messages for " + strconv.Itoa(n) + " " + k.infoName()
}
