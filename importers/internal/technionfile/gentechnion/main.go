// Command gentechnion writes a large Technion-shaped contact log for
// benchmarks (see package technionfile):
//
//	go run ./importers/internal/technionfile/gentechnion -rows 10000000 -o /tmp/technion10m.tsv
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wfm-project/wfm/importers/internal/technionfile"
)

func main() {
	src := flag.String("src", "../shared/data/technion_bank_1999_feb/data_anonymous_bank_february.txt", "the February 1999 log")
	rows := flag.Int("rows", 10_000_000, "data rows to write")
	out := flag.String("o", "", "output file (required)")
	flag.Parse()
	if err := run(*src, *out, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "gentechnion: error:", err)
		os.Exit(1)
	}
}

func run(src, out string, rows int) error {
	if out == "" {
		return fmt.Errorf("-o is required")
	}
	log, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := technionfile.Write(f, log, rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
