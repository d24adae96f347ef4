package deploy_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/fleet"
)

// manifest is the part of a Kubernetes object the checks read.
type manifest struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Image string   `yaml:"image"`
					Args  []string `yaml:"args"`
					Env   []struct {
						Name      string `yaml:"name"`
						ValueFrom struct {
							FieldRef struct {
								FieldPath string `yaml:"fieldPath"`
							} `yaml:"fieldRef"`
						} `yaml:"valueFrom"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
					PVC  struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func read(t *testing.T, file string) []manifest {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(false)
	var out []manifest
	for {
		var m manifest
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			return out
		} else if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, m)
	}
}

func byKind(t *testing.T, ms []manifest, kind string) manifest {
	t.Helper()
	for _, m := range ms {
		if m.Kind == kind {
			return m
		}
	}
	t.Fatalf("no %s", kind)
	return manifest{}
}

// loadFlags are the flags of pushsim load.
var loadFlags = []string{"devices", "brands", "messages", "rate", "duration", "target", "seed", "shard", "settle", "report-dir"}

const index = "$(JOB_COMPLETION_INDEX)"

func TestLoadJobAndMergeAgree(t *testing.T) {
	load := read(t, "load-job.yaml")
	pvc := byKind(t, load, "PersistentVolumeClaim")
	job := byKind(t, load, "Job")
	s := job.Spec
	if s.CompletionMode != "Indexed" {
		t.Errorf("completionMode %q, want Indexed", s.CompletionMode)
	}
	n := s.Completions
	if n < 1 || s.Parallelism != n {
		t.Fatalf("completions %d, parallelism %d: want equal and positive", n, s.Parallelism)
	}
	pod := s.Template.Spec
	if len(pod.Containers) != 1 || pod.RestartPolicy != "Never" {
		t.Fatalf("want one container and restartPolicy Never, got %d and %q", len(pod.Containers), pod.RestartPolicy)
	}
	c := pod.Containers[0]
	if len(c.Env) != 1 || c.Env[0].Name != "JOB_COMPLETION_INDEX" ||
		c.Env[0].ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("the shard must take JOB_COMPLETION_INDEX from the completion index annotation: %+v", c.Env)
	}
	if len(c.Args) == 0 || c.Args[0] != "load" {
		t.Fatalf("args %v, want pushsim load", c.Args)
	}
	flags := map[string]string{}
	for _, a := range c.Args[1:] {
		name, val, ok := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !ok || !strings.HasPrefix(a, "--") || !slices.Contains(loadFlags, name) {
			t.Errorf("argument %q is not one of pushsim load's --flag=value", a)
		}
		flags[name] = val
	}
	if want := index + "/" + strconv.Itoa(n); flags["shard"] != want {
		t.Errorf("--shard=%s, want %s (N must equal completions)", flags["shard"], want)
	}
	devices, err := strconv.Atoi(flags["devices"])
	if err != nil {
		t.Fatalf("--devices=%q", flags["devices"])
	}
	brands, err := fleet.ParseBrands(flags["brands"])
	if err != nil {
		t.Fatal(err)
	}
	if err := (fleet.Spec{Count: devices, Brands: brands, IDPrefix: "p", UserPrefix: "u"}).Validate(); err != nil {
		t.Errorf("the fleet: %v", err)
	}
	for i := range n {
		if _, _, err := fleet.ParseShard(strings.ReplaceAll(flags["shard"], index, strconv.Itoa(i))); err != nil {
			t.Errorf("pod %d: %v", i, err)
		}
	}
	mount := ""
	for _, m := range c.VolumeMounts {
		mount = m.MountPath
	}
	if want := mount + "/shard-" + index; flags["report-dir"] != want {
		t.Errorf("--report-dir=%s, want %s on the mounted volume", flags["report-dir"], want)
	}
	if len(pod.Volumes) != 1 || pod.Volumes[0].PVC.ClaimName != pvc.Metadata.Name {
		t.Errorf("the shards must write to the claim %s", pvc.Metadata.Name)
	}

	merge := byKind(t, read(t, "merge-job.yaml"), "Job")
	mpod := merge.Spec.Template.Spec
	if len(mpod.Containers) != 1 || len(mpod.Volumes) != 1 || mpod.Volumes[0].PVC.ClaimName != pvc.Metadata.Name {
		t.Fatalf("the merge must read the claim %s", pvc.Metadata.Name)
	}
	mc := mpod.Containers[0]
	want := []string{"merge", "--report-dir=" + mount + "/merged"}
	for i := range n {
		want = append(want, fmt.Sprintf("%s/shard-%d", mount, i))
	}
	if !slices.Equal(mc.Args, want) || mc.VolumeMounts[0].MountPath != mount {
		t.Errorf("merge args %v at %s, want %v at %s", mc.Args, mc.VolumeMounts[0].MountPath, want, mount)
	}
	if mc.Image != c.Image {
		t.Errorf("merge image %s, shards %s", mc.Image, c.Image)
	}
}
