package oppo

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// lenientSeeds are objects for the snake_case shortcut of
// unmarshalLenient: plain, camelCase, escaped, nested, broken.
var lenientSeeds = []string{
	`{"target_type":2,"target_value":"CN_078ad8b8a137cadb14ae5b70cf846312","notification":{"title":"Hi","content":"Bob: {\"x\":1}"}}`,
	`{"targetType":2,"targetValue":"v","notification":{"title":"t","content":"c","clickActionType":1}}`,
	`{"target_type":2,"target_\u0056alue":"v"}`, `{"target_type":2,"target_type":"5"}`, `{"title":"a\"b:","content":"c"}`,
	`{"title":"t","content":"c","action_parameters":{"K":"V"}} x`, `{"title":"t"`, `{"Title":"t"}`, `{}`, `null`, `[]`, `""`,
	`{"title":"t","content":"c","click_action_type":"1","channel_id":"ch","actionParameters":"{\"a\":1}"}`,
	"{\"title\" \t:\n\"t\"}", `{"title":"\ud800"}`, "{\"title\":\"\xff\"}",
}

// FuzzUnmarshalLenientAsRenamed checks that the shortcut decodes exactly
// as the way that checks and renames every object: the same error text,
// or the same message and notification.
func FuzzUnmarshalLenientAsRenamed(f *testing.F) {
	for _, s := range lenientSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := bytes.TrimSpace([]byte(s))
		if len(b) > 0 && b[0] == '"' {
			return // unquoted before either way
		}
		type plainMessage Message
		type plainNotification Notification
		for _, pair := range [][2]any{{new(plainMessage), new(plainMessage)}, {new(plainNotification), new(plainNotification)}} {
			got, want := pair[0], pair[1]
			gotErr, wantErr := unmarshalLenient(b, got, "x"), unmarshalRenamed(b, want, "x")
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("%T from %s: error %v, want %v", got, s, gotErr, wantErr)
			}
			if wantErr == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("%T from %s: %+v, want %+v", got, s, got, want)
			}
		}
	})
}
