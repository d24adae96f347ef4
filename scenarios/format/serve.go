package format

import (
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/pushsim/pushsim/harness"
)

// serveKeys are the top-level keys of a serve config. A scenario's name
// and labels are read and ignored, so a scenario's environment can be
// reused; steps are refused.
var serveKeys = []string{"name", "labels", "seed", "im", "vendors", "devices", "users"}

// ParseServeConfigFile reads and validates a `pushsim serve --config` file.
func ParseServeConfigFile(path string) (harness.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return harness.Config{}, err
	}
	return ParseServeConfig(path, data)
}

// ParseServeConfig validates a serve config: the seed, im, vendors,
// devices and users blocks of the scenario format, checked exactly as in a
// scenario. A steps block is refused, because serve runs no steps. On
// failure the error is a Problems listing every problem with its line and
// column; an empty document is the default environment.
func ParseServeConfig(file string, data []byte) (harness.Config, error) {
	p := &parser{reader: reader{&problems{file: file}}, sc: &Scenario{File: file}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.syntax(err)
		return harness.Config{}, p.err()
	}
	if len(doc.Content) == 0 {
		return harness.Config{}, nil
	}
	p.serveTop(doc.Content[0])
	if err := p.err(); err != nil {
		return p.sc.Env, err
	}
	if err := p.sc.Env.Validate(); err != nil {
		// The checks above cover Validate's; this is a backstop.
		p.at(doc.Content[0], "", "%v", err)
		return p.sc.Env, p.err()
	}
	return p.sc.Env, nil
}

func (p *parser) serveTop(root *yaml.Node) {
	if root.Kind == yaml.MappingNode {
		kept := *root
		kept.Content = nil
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Value == "steps" {
				p.at(k, "pushsim serve starts the devices and waits for your backend: remove steps:, or run the file with pushsim run",
					"a serve config takes no steps")
				continue
			}
			kept.Content = append(kept.Content, root.Content[i], root.Content[i+1])
		}
		root = &kept
	}
	f := p.fields(root, "the serve config", serveKeys...)
	p.str(f["name"], "name")
	p.strings(f["labels"], "labels")
	if n := f["seed"]; n != nil {
		p.sc.Env.Seed, _ = p.uinteger(n, "seed")
	}
	p.im(f["im"])
	p.vendors(f["vendors"])
	p.devicesBlock(f["devices"])
	p.sc.Env.Users = p.strings(f["users"], "users")
}

// IsServeConfig reports whether a document has the shape of a serve
// config rather than a scenario: a mapping with no name and no steps, and
// an im, vendors or devices block.
func IsServeConfig(data []byte) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	keys := map[string]bool{}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		keys[root.Content[i].Value] = true
	}
	return !keys["name"] && !keys["steps"] && (keys["im"] || keys["vendors"] || keys["devices"])
}
