// Package deploy holds pushsim's Kubernetes manifests: serve.yaml runs the
// pushsim serve the shards share, load-job.yaml runs
// `pushsim load` as an Indexed Job of shards, merge-job.yaml joins their
// reports with `pushsim merge`. Its test checks the three agree.
package deploy
