package xiaomi

import (
	"errors"
	"strings"

	"github.com/pushsim/pushsim/protocol"
)

// IntentURI is an Android intent in the form Intent.toUri writes it
// ("intent:#Intent;component=pkg/cls;S.ext=...;end"): what extra.intent_uri
// holds for notify_effect 2. String writes it, encoding values as
// Android's Uri.encode does.
type IntentURI = protocol.IntentURI

// ErrNotIntentURI is returned for a string that is not an intent: URI.
var ErrNotIntentURI = errors.New("not an intent: URI")

// ParseIntentURI reads an intent: URI as Intent.parseUri does (see
// protocol.ParseIntentURI): the data before "#Intent;", then name=value
// fields up to "end". Typed extras other than strings ("i.", "B.", ...)
// are kept as text.
func ParseIntentURI(s string) (IntentURI, error) {
	if !strings.HasPrefix(s, "intent:") {
		return IntentURI{}, ErrNotIntentURI
	}
	return protocol.ParseIntentURI(s)
}
