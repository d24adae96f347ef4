// Command benchtable prints the rows `make bench` collected as one table:
// benchtable FILE.
package main

import (
	"fmt"
	"os"

	"github.com/pushsim/pushsim/internal/benchrow"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable ROWS-FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	defer f.Close()
	rows, err := benchrow.Read(f)
	if err == nil {
		err = benchrow.Table(os.Stdout, rows)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}
