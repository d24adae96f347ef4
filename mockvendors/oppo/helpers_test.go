package oppo_test

import (
	"encoding/json"
)

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
