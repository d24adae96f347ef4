package reports

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
)

// Files are the report files WriteAll writes into a directory.
var Files = []string{"results.json", "junit.xml", "index.html", "summary.md"}

// WriteAll writes results.json, junit.xml, index.html and summary.md into
// dir, creating it.
func WriteAll(r Results, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gens := map[string]func(Results, *bytes.Buffer) error{
		"results.json": func(r Results, b *bytes.Buffer) error { return WriteJSON(r, b) },
		"junit.xml":    func(r Results, b *bytes.Buffer) error { return WriteJUnit(r, b) },
		"index.html":   func(r Results, b *bytes.Buffer) error { return WriteHTML(r, b) },
		"summary.md":   func(r Results, b *bytes.Buffer) error { return WriteMarkdown(r, b) },
	}
	var errs []error
	for _, name := range Files {
		var b bytes.Buffer
		if err := gens[name](r, &b); err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644))
	}
	return errors.Join(errs...)
}
