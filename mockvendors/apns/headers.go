package apns

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pushsim/pushsim/mockvendors/internal/charclass"
)

// Push types (apns-push-type).
var PushTypes = []string{"alert", "background", "location", "voip", "complication", "fileprovider", "mdm", "liveactivity", "pushtotalk"}

// MaxCollapseID is the longest apns-collapse-id, in bytes.
const MaxCollapseID = 64

// topicSuffixes mark the push types that use a topic of their own.
var topicSuffixes = []string{".voip-ptt", ".voip", ".complication", ".push-type.liveactivity", ".pushkit.fileprovider", ".location-query"}

var (
	topicChars  = charclass.New("A-Za-z0-9._-") // 1 to 255 of them
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// Headers are a request's apns-* headers, checked.
type Headers struct {
	Topic    string
	PushType string // "alert" when absent
	Priority int    // 10 when absent
	// Expiration is the apns-expiration value (unix seconds); HasExpiration
	// tells 0 ("deliver once") from absent.
	Expiration    int64
	HasExpiration bool
	CollapseID    string
	ID            string
}

// checkedHeaders are every header whose repetition is DuplicateHeaders.
var checkedHeaders = []string{"Authorization", "Apns-Topic", "Apns-Push-Type", "Apns-Priority", "Apns-Expiration", "Apns-Collapse-Id", "Apns-Id"}

// ParseHeaders reads and checks the apns-* headers: none repeated
// (DuplicateHeaders), a known push type (InvalidPushType), priority 10, 5
// or 1 (BadPriority), a non-negative integer expiration
// (BadExpirationDate), a UUID apns-id (BadMessageId), a collapse ID of at
// most 64 bytes (BadCollapseId) and a well-formed topic (BadTopic).
func ParseHeaders(h http.Header) (Headers, *Failure) {
	for _, k := range checkedHeaders {
		if len(h.Values(k)) > 1 {
			return Headers{}, fail(ReasonDuplicateHeaders)
		}
	}
	out := Headers{Topic: strings.TrimSpace(h.Get("Apns-Topic")), PushType: strings.TrimSpace(h.Get("Apns-Push-Type")),
		Priority: 10, CollapseID: h.Get("Apns-Collapse-Id"), ID: strings.TrimSpace(h.Get("Apns-Id"))}
	if out.PushType == "" {
		out.PushType = "alert"
	} else if !slices.Contains(PushTypes, out.PushType) {
		return Headers{}, fail(ReasonInvalidPushType)
	}
	if p := strings.TrimSpace(h.Get("Apns-Priority")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || (n != 10 && n != 5 && n != 1) {
			return Headers{}, fail(ReasonBadPriority)
		}
		out.Priority = n
	}
	if e := strings.TrimSpace(h.Get("Apns-Expiration")); e != "" {
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil || n < 0 {
			return Headers{}, fail(ReasonBadExpirationDate)
		}
		out.Expiration, out.HasExpiration = n, true
	}
	if out.ID != "" && !uuidPattern.MatchString(out.ID) {
		return Headers{}, fail(ReasonBadMessageID)
	}
	if len(out.CollapseID) > MaxCollapseID {
		return Headers{}, fail(ReasonBadCollapseID)
	}
	if out.Topic != "" && !topicChars.Run(out.Topic, 1, 255) {
		return Headers{}, fail(ReasonBadTopic)
	}
	return out, nil
}

// BundleOf is the bundle ID of a topic: the topic without a push type's
// suffix (".voip", ".complication", ...).
func BundleOf(topic string) string {
	for _, s := range topicSuffixes {
		if b, ok := strings.CutSuffix(topic, s); ok && b != "" {
			return b
		}
	}
	return topic
}
