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
					Image        string   `yaml:"image"`
					Args         []string `yaml:"args"`
					Env          []envVar `yaml:"env"`
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

// envVar is a container's environment variable.
type envVar struct {
	Name      string `yaml:"name"`
	ValueFrom struct {
		FieldRef struct {
			FieldPath string `yaml:"fieldPath"`
		} `yaml:"fieldRef"`
		SecretKeyRef struct {
			Name string `yaml:"name"`
			Key  string `yaml:"key"`
		} `yaml:"secretKeyRef"`
	} `yaml:"valueFrom"`
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
var loadFlags = []string{"devices", "brands", "messages", "rate", "duration", "target", "seed", "shard", "settle", "report-dir",
	"admin-token", "secret-key", "vendor-limits", "batch", "workers"}

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
	if len(c.Env) == 0 || c.Env[0].Name != "JOB_COMPLETION_INDEX" ||
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
	checkServe(t, flags, c.Env)
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

// serveManifest is the part of serve.yaml the checks read.
type serveManifest struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Ports []struct {
			Port int `yaml:"port"`
		} `yaml:"ports"`
		Template struct {
			Spec struct {
				InitContainers []struct {
					Args []string `yaml:"args"`
				} `yaml:"initContainers"`
				Containers []struct {
					Args []string `yaml:"args"`
					Env  []envVar `yaml:"env"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// argFlags maps a container's --name=value arguments after the command.
func argFlags(args []string) map[string]string {
	out := map[string]string{}
	for _, a := range args {
		name, val, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		out[name] = val
	}
	return out
}

// checkServe checks that the shards' --target is serve.yaml's Service,
// that serve's config is printed for the shards' seed and vendor limits,
// that serve answers to the Service's host name, and that both take the
// admin token from one Secret.
func checkServe(t *testing.T, shard map[string]string, shardEnv []envVar) {
	t.Helper()
	data, err := os.ReadFile("serve.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var dep, svc serveManifest
	for {
		var m serveManifest
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("serve.yaml: %v", err)
		}
		switch m.Kind {
		case "Deployment":
			dep = m
		case "Service":
			svc = m
		}
	}
	if len(svc.Spec.Ports) != 1 || len(dep.Spec.Template.Spec.Containers) != 1 || len(dep.Spec.Template.Spec.InitContainers) != 1 {
		t.Fatalf("serve.yaml: want a Service with one port and a Deployment with one init container and one container")
	}
	host := svc.Metadata.Name
	if want := fmt.Sprintf("http://%s:%d", host, svc.Spec.Ports[0].Port); shard["target"] != want {
		t.Errorf("the shards' --target=%s, want the Service %s", shard["target"], want)
	}
	init := dep.Spec.Template.Spec.InitContainers[0].Args
	cfg := argFlags(init[1:])
	if len(init) < 2 || init[0] != "load" || init[1] != "--print-serve-config" {
		t.Errorf("the init container runs %v, want pushsim load --print-serve-config", init)
	}
	for _, f := range []string{"seed", "vendor-limits", "secret-key"} {
		if cfg[f] != shard[f] {
			t.Errorf("serve's config has --%s=%q, the shards %q", f, cfg[f], shard[f])
		}
	}
	serve := dep.Spec.Template.Spec.Containers[0]
	sf := argFlags(serve.Args[1:])
	if serve.Args[0] != "serve" || sf["config"] != cfg["serve-config-out"] || sf["allowed-host"] != host {
		t.Errorf("serve runs %v: want serve --config=%s --allowed-host=%s", serve.Args, cfg["serve-config-out"], host)
	}
	secret := func(env []envVar, arg string) string {
		for _, e := range env {
			if arg == "$("+e.Name+")" {
				return e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
			}
		}
		return ""
	}
	a, b := secret(serve.Env, sf["admin-token"]), secret(shardEnv, shard["admin-token"])
	if a == "" || a == "/" || a != b {
		t.Errorf("serve's admin token from secret %q, the shards' from %q: want one Secret", a, b)
	}
}
