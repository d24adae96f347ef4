// Package catalog is pushsim's built-in scenario catalog: the YAML files
// in this directory, run by `make run` as one Ginkgo spec each. Most files
// are generated (go generate ./scenarios/catalog); hand-written ones sit
// beside them.
package catalog

//go:generate go run ./gen -out .
