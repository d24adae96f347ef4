// Package deploy holds pushsim's Kubernetes manifests: load-job.yaml runs
// `pushsim load` as an Indexed Job of shards, merge-job.yaml joins their
// reports with `pushsim merge`. Its test checks the two agree.
package deploy
