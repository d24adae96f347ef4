// Command gen writes the generated part of pushsim's scenario catalog.
//
//	go run ./scenarios/catalog/gen -out scenarios/catalog -vendors meizu,xiaomi
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pushsim/pushsim/scenarios/catalog/catalogen"
)

func main() {
	out := flag.String("out", "scenarios/catalog", "catalog directory")
	vendors := flag.String("vendors", strings.Join(catalogen.Vendors, ","), "comma-separated vendors to generate")
	check := flag.Bool("check", false, "report files that differ instead of writing them")
	flag.Parse()
	files, err := catalogen.Generate(strings.Split(*vendors, ","))
	if err == nil {
		err = catalogen.Write(*out, files, *check)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
