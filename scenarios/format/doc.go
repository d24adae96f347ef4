// Package format reads pushsim scenario files: YAML documents with a name,
// labels, an optional seed, the im, vendors and devices blocks of an
// environment, and steps run in order in simulated time.
//
// Parse validates a whole file before anything runs: unknown keys, wrong
// types, unknown devices, messages and certificates, bad durations and
// URL click actions that are not http or https are all refused, each with
// the file, line and column and a hint. The JSON Schema of the format is
// Schema, so editors can complete and check files.
package format
