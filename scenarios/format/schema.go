package format

import _ "embed"

// Schema is the JSON Schema of the scenario format (draft 2020-12), for
// editors: point the YAML language server at scenarios/format/scenario.schema.json.
//
//go:embed scenario.schema.json
var Schema []byte
