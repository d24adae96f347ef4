// Package container runs pushsim as a Docker container with
// testcontainers-go, the way a backend team runs it beside their own
// services in CI: `pushsim serve` on port 4780 of the pushsim/pushsim image.
//
// Run builds the image from source when asked to (a static binary on an
// empty base, so nothing is pulled), starts it, waits for the ready line
// and returns the loopback URL of the published port.
package container

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	dockercontainer "github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/pushsim/pushsim/client"
)

// Image is the pushsim image repository.
const Image = "pushsim/pushsim"

// Port is the port pushsim serves on inside the container.
const Port = "4780/tcp"

// ConfigPath is where WithConfig puts the config inside the container.
const ConfigPath = "/etc/pushsim/env.yaml"

// Container is a running pushsim container.
type Container struct {
	testcontainers.Container
	url   string
	token string
}

// URL is the base URL of the published port (http://127.0.0.1:PORT).
func (c *Container) URL() string { return c.url }

// Token is the admin token the container's /_pushsim/ API needs (as
// "Authorization: Bearer TOKEN"): a fresh random one for each container.
func (c *Container) Token() string { return c.token }

// Client returns a client of the container's pushsim API (devices,
// messages, the trace, vendor messages) on the published port, sending
// the container's admin token.
func (c *Container) Client(opts ...client.Option) *client.Client {
	return client.New(c.url, append([]client.Option{client.WithToken(c.token)}, opts...)...)
}

type options struct {
	image   string
	build   bool
	config  []byte
	seed    uint64
	timeout time.Duration
	args    []string
}

// Option customises Run.
type Option func(*options) error

// WithImage runs an existing image (default pushsim/pushsim:latest).
func WithImage(ref string) Option {
	return func(o *options) error {
		if ref == "" {
			return errors.New("empty image reference")
		}
		o.image, o.build = ref, false
		return nil
	}
}

// FromSource builds the image from this module's source first: a static
// pushsim binary on an empty base, tagged pushsim/pushsim:latest.
func FromSource() Option {
	return func(o *options) error {
		o.build = true
		return nil
	}
}

// WithConfig passes a serve config (the im, vendors and devices blocks of
// the scenario format) to --config.
func WithConfig(yaml []byte) Option {
	return func(o *options) error {
		o.config = yaml
		return nil
	}
}

// WithSeed sets --seed.
func WithSeed(seed uint64) Option {
	return func(o *options) error {
		o.seed = seed
		return nil
	}
}

// WithServeArgs adds flags to `pushsim serve`, e.g.
// WithServeArgs("--heartbeat-timeout", "5s").
func WithServeArgs(args ...string) Option {
	return func(o *options) error {
		o.args = append(o.args, args...)
		return nil
	}
}

// WithStartupTimeout bounds the wait for the ready line (default 60s).
func WithStartupTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return errors.New("startup timeout must be positive")
		}
		o.timeout = d
		return nil
	}
}

// Run starts pushsim in a container. Like testcontainers' own Run, it
// returns the container even when it fails, so the caller can clean up.
func Run(ctx context.Context, opts ...Option) (*Container, error) {
	o := options{image: Image + ":latest", timeout: 60 * time.Second}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("run pushsim: %w", err)
		}
	}
	// The container listens on every interface of its own network, so its
	// admin API takes a token only this process knows.
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		return nil, fmt.Errorf("run pushsim: admin token: %w", err)
	}
	token := hex.EncodeToString(tok)
	args := []string{"serve", "--listen", "0.0.0.0:4780", "--admin-token", token}
	if host := daemonHost(ctx); host != "" {
		// The published port is reached by the daemon's host name, which
		// the admin API must then answer to.
		args = append(args, "--allowed-host", host)
	}
	var customizers []testcontainers.ContainerCustomizer
	if o.config != nil {
		args = append(args, "--config", ConfigPath)
		customizers = append(customizers, testcontainers.WithFiles(testcontainers.ContainerFile{
			Reader: bytes.NewReader(o.config), ContainerFilePath: ConfigPath, FileMode: 0o644,
		}))
	}
	if o.seed != 0 {
		args = append(args, "--seed", fmt.Sprint(o.seed))
	}
	args = append(args, o.args...)
	customizers = append(customizers,
		testcontainers.WithExposedPorts(Port),
		testcontainers.WithCmd(args...),
		testcontainers.WithWaitStrategy(wait.ForLog("pushsim ready").WithStartupTimeout(o.timeout)),
	)
	image, build, err := o.source(ctx)
	if err != nil {
		return nil, fmt.Errorf("run pushsim: %w", err)
	}
	ctr, err := testcontainers.Run(ctx, image, append(customizers, build...)...)
	c := &Container{token: token}
	if ctr != nil {
		c.Container = ctr
	}
	if err != nil {
		return c, fmt.Errorf("run pushsim: %w", err)
	}
	host, err := ctr.Host(ctx)
	if err != nil {
		return c, fmt.Errorf("run pushsim: host: %w", err)
	}
	port, err := ctr.MappedPort(ctx, Port)
	if err != nil {
		return c, fmt.Errorf("run pushsim: port: %w", err)
	}
	c.url = fmt.Sprintf("http://%s:%s", host, port.Port())
	return c, nil
}

// daemonHost is the host the published ports are reached at when it is
// not loopback ("" otherwise, or when it cannot be told).
func daemonHost(ctx context.Context) string {
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return ""
	}
	defer p.Close()
	host, err := p.DaemonHost(ctx)
	if err != nil || host == "" || host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1" {
		return ""
	}
	return host
}

// source is the image to run, or the customizer that builds it from source.
func (o *options) source(ctx context.Context) (string, []testcontainers.ContainerCustomizer, error) {
	if !o.build {
		return o.image, nil, nil
	}
	archive, err := buildContext(ctx)
	if err != nil {
		return "", nil, err
	}
	repo, tag, _ := strings.Cut(o.image, ":")
	return "", []testcontainers.ContainerCustomizer{testcontainers.WithDockerfile(testcontainers.FromDockerfile{
		ContextArchive: archive, Dockerfile: "Dockerfile", Repo: repo, Tag: tag, KeepImage: true,
	})}, nil
}

// ScenarioDir is where RunScenarios mounts the host folder.
const ScenarioDir = "/s"

// RunResult is how a `pushsim run` in a container ended.
type RunResult struct {
	// ExitCode is pushsim run's exit status (0 passed, 1 failed, 2 invalid).
	ExitCode int
	// Output is what it printed, stdout and stderr.
	Output string
}

// RunScenarios runs `pushsim run args...` in a container, as
// `docker run --rm -v DIR:/s pushsim/pushsim run ...` does: the host
// folder dir is mounted at ScenarioDir (so paths in args start with /s
// and --report-dir /s/out writes to dir/out), the process runs as the
// calling user so the reports are the caller's files. It waits for the run
// to end, removes the container and returns the exit code and output.
// Only WithImage, FromSource and WithStartupTimeout (the bound on the
// whole run) apply.
func RunScenarios(ctx context.Context, dir string, args []string, opts ...Option) (RunResult, error) {
	o := options{image: Image + ":latest", timeout: 5 * time.Minute}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return RunResult{}, fmt.Errorf("pushsim run in a container: %w", err)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return RunResult{}, err
	}
	image, build, err := o.source(ctx)
	if err != nil {
		return RunResult{}, fmt.Errorf("pushsim run in a container: %w", err)
	}
	customizers := append(build,
		testcontainers.WithCmd(append([]string{"run"}, args...)...),
		testcontainers.WithConfigModifier(func(c *dockercontainer.Config) {
			c.User = fmt.Sprintf("%d:%d", os.Getuid(), os.Getgid())
		}),
		testcontainers.WithHostConfigModifier(func(hc *dockercontainer.HostConfig) {
			hc.Binds = append(hc.Binds, abs+":"+ScenarioDir)
		}),
		testcontainers.WithWaitStrategy(wait.ForExit().WithExitTimeout(o.timeout)),
	)
	ctr, err := testcontainers.Run(ctx, image, customizers...)
	if ctr != nil {
		defer func() { _ = testcontainers.TerminateContainer(ctr) }()
	}
	if err != nil {
		return RunResult{}, fmt.Errorf("pushsim run in a container: %w", err)
	}
	state, err := ctr.State(ctx)
	if err != nil {
		return RunResult{}, fmt.Errorf("pushsim run in a container: state: %w", err)
	}
	logs, err := ctr.Logs(ctx)
	if err != nil {
		return RunResult{}, fmt.Errorf("pushsim run in a container: logs: %w", err)
	}
	defer logs.Close()
	out, err := io.ReadAll(io.LimitReader(logs, 4<<20))
	if err != nil {
		return RunResult{}, fmt.Errorf("pushsim run in a container: logs: %w", err)
	}
	return RunResult{ExitCode: state.ExitCode, Output: string(out)}, nil
}

// dockerfile is the image recipe (also used by `make image`): the static
// binary on an empty base.
//
//go:embed Dockerfile
var dockerfile []byte

// buildContext compiles a static pushsim binary and packs it with the
// Dockerfile into an in-memory tar build context.
func buildContext(ctx context.Context) (io.ReadSeeker, error) {
	dir, err := os.MkdirTemp("", "pushsim-image-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "pushsim")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "github.com/pushsim/pushsim/cmd/pushsim")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build static binary: %w\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range []struct {
		name string
		mode int64
		data []byte
	}{{"Dockerfile", 0o644, dockerfile}, {"pushsim", 0o755, data}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data))}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return bytes.NewReader(buf.Bytes()), nil
}
