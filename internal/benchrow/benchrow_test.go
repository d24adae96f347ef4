package benchrow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddReadTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.tsv")
	t.Setenv(Env, path)
	if err := Add(Row{"meizu push requests/s", "4770 vs 25302 (21 %)", "wrk 2x64"}, Row{"a|b", "tab\there", "new\nline"}); err != nil {
		t.Fatal(err)
	}
	if err := Add(Row{"catalog", "875 simulated min per wall s", "pushsim run"}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1] != (Row{"a/b", "tab here", "new line"}) || rows[2].What != "catalog" {
		t.Fatalf("rows = %q", rows)
	}
	var b strings.Builder
	if err := Table(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "| measurement") || !strings.HasPrefix(lines[1], "|---") {
		t.Fatalf("table:\n%s", b.String())
	}
	for _, l := range lines[1:] {
		if len(l) != len(lines[0]) {
			t.Errorf("line %q is %d wide, the header %d", l, len(l), len(lines[0]))
		}
	}
}

func TestAddWithoutFileDoesNothing(t *testing.T) {
	t.Setenv(Env, "")
	if err := Add(Row{"x", "y", "z"}); err != nil {
		t.Fatal(err)
	}
}

func TestReadRefusesBadLines(t *testing.T) {
	if _, err := Read(strings.NewReader("only\ttwo\n")); err == nil {
		t.Error("a line with two fields: no error")
	}
}
