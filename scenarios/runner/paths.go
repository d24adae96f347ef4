package runner

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Resolve expands command-line PATHs into scenario files. A PATH is a
// file, a folder (every *.yaml and *.yml below it, in lexical order) or a
// glob (filepath.Match syntax; a folder it matches is expanded too).
// Paths keep the form they were given in (relative stays relative to the
// working directory), so that a replay command run from the same folder
// finds the same file. Each file is listed once, in the order of first
// appearance. A PATH that names nothing is an error.
func Resolve(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if key := filepath.Clean(p); !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no PATH: name scenario files, folders or globs")
	}
	for _, p := range paths {
		matches := []string{p}
		if _, err := os.Stat(p); err != nil {
			if !hasMeta(p) {
				return nil, fmt.Errorf("%s: no such file or folder", p)
			}
			matches, err = filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("%s: bad glob: %w", p, err)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s matches no file", p)
			}
		}
		for _, m := range matches {
			files, err := expand(m)
			if err != nil {
				return nil, err
			}
			if len(files) == 0 && m == p {
				return nil, fmt.Errorf("%s: no *.yaml or *.yml file in this folder", p)
			}
			for _, f := range files {
				add(f)
			}
		}
	}
	return out, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[`) }

// expand lists a file as itself and a folder as every scenario file in it.
func expand(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isScenarioFile(path) {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

func isScenarioFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}
