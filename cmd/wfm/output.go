package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// outFormat is the --format in force: the flag, else table on a terminal and
// csv when piped.
func (a *app) outFormat() string {
	if a.format != "" {
		return a.format
	}
	if isTerminal(a.stdout) {
		return "table"
	}
	return "csv"
}

// showProgress reports whether progress bars may be drawn on stderr.
func (a *app) showProgress() bool { return !a.quiet && isTerminal(a.stderr) }

// table is rows of text ready to print as a table or CSV.
type table struct {
	Title  string // printed above a terminal table; omitted in CSV
	Header []string
	Rows   [][]string
}

// print renders t to w as an aligned table (numbers right-aligned) or CSV.
func (t table) print(w io.Writer, format string) error {
	if format == "csv" {
		cw := csv.NewWriter(w)
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		if err := cw.WriteAll(t.Rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	if t.Title != "" {
		fmt.Fprintln(w, t.Title)
	}
	align := make([]tw.Align, len(t.Header))
	for c := range t.Header {
		align[c] = tw.AlignRight
		for _, r := range t.Rows {
			if c < len(r) && r[c] != "" && !isNumeric(r[c]) {
				align[c] = tw.AlignLeft
				break
			}
		}
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	tbl.Header(toAny(t.Header)...)
	for _, r := range t.Rows {
		if err := tbl.Append(toAny(r)...); err != nil {
			return err
		}
	}
	return tbl.Render()
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// isNumeric reports whether s reads as a number (with an optional % or unit
// suffix such as "12.5%"), for right alignment.
func isNumeric(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeFileAtomic writes a file through fn into a temporary file beside path
// and renames it into place, so a failed run never leaves a half-written file.
// path "-" writes to stdout.
func writeFileAtomic(path string, stdout io.Writer, fn func(w io.Writer) error) (err error) {
	if path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err = fn(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// outputKind picks the writer for -o FILE by its extension: "csv", "xlsx",
// "json" or "" for an unknown extension.
func outputKind(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return "csv"
	case ".xlsx":
		return "xlsx"
	case ".json":
		return "json"
	case ".xml":
		return "xml"
	case ".txt", ".md":
		return "text"
	}
	if path == "-" {
		return "csv"
	}
	return ""
}

// fmtFloat formats x with prec decimals, for tables.
func fmtFloat(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// fmtFull formats x at full precision, for CSV and JSON files.
func fmtFull(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
