package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"golang.org/x/term"

	"github.com/wfm-project/wfm/importers/csvcell"
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
		rec := make([]string, 0, len(t.Header))
		for _, r := range t.Rows {
			rec = rec[:0]
			for _, c := range r {
				rec = append(rec, csvcell.Escape(c))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	if t.Title != "" {
		fmt.Fprintln(w, termText(t.Title))
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
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = escapeControls(r)
	}
	header, rows := fitTable(escapeControls(t.Header), rows, maxTableWidth)
	tbl.Header(toAny(header)...)
	for _, r := range rows {
		if err := tbl.Append(toAny(r)...); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// maxTableWidth is the widest terminal table wfm prints, in columns, when
// its cells allow it: the width of a common terminal window and of a
// side-by-side diff.
const maxTableWidth = 120

// fitTable returns header and rows narrowed to a table of at most width
// columns where they allow it. First the longest header names are broken
// over lines at an underscore or a space (required_staff_hours as
// required_ / staff_hours), the name saving most first; then, if the table
// is still too wide, the widest text column's cells are wrapped at spaces,
// never narrower than their longest word. A column is never narrower than
// its widest unbreakable cell, so a table of long words stays wide. CSV
// and JSON keep names and cells whole.
func fitTable(header []string, rows [][]string, width int) ([]string, [][]string) {
	hl := make([][]string, len(header)) // each header's lines
	for c, h := range header {
		hl[c] = []string{h}
	}
	cellW := make([]int, len(header)) // widest cell line of each column
	for _, r := range rows {
		for c := 0; c < len(r) && c < len(cellW); c++ {
			for _, l := range strings.Split(r[c], "\n") {
				cellW[c] = max(cellW[c], runewidth.StringWidth(l))
			}
		}
	}
	colW := func(c int) int {
		w := cellW[c]
		for _, l := range hl[c] {
			w = max(w, runewidth.StringWidth(l))
		}
		return w
	}
	total := func() int {
		n := 1
		for c := range header {
			n += colW(c) + 3
		}
		return n
	}
	for total() > width {
		best, bestSave, bestLines := -1, 0, []string(nil)
		for c := range header {
			if len(hl[c]) >= 3 {
				continue
			}
			was, old := hl[c], colW(c)
			hl[c] = breakLongest(was)
			if save := old - colW(c); save > bestSave {
				best, bestSave, bestLines = c, save, hl[c]
			}
			hl[c] = was
		}
		if best < 0 {
			break
		}
		hl[best] = bestLines
	}
	if over := total() - width; over > 0 {
		// wrap the widest text column that has spaces to break at
		best, bestW, bestWord := -1, 0, 0
		for c := range header {
			word, spaced, text := 0, false, false
			for _, r := range rows {
				if c >= len(r) {
					continue
				}
				if r[c] != "" && !isNumeric(r[c]) {
					text = true
				}
				for _, f := range words(r[c]) {
					word = max(word, runewidth.StringWidth(f))
				}
				spaced = spaced || strings.ContainsAny(strings.TrimRight(r[c], "/"), " /")
			}
			if text && spaced && cellW[c] > word && cellW[c] > bestW {
				best, bestW, bestWord = c, cellW[c], word
			}
		}
		if best >= 0 {
			target := max(bestWord, bestW-over, 1)
			for _, l := range hl[best] {
				target = max(target, runewidth.StringWidth(l))
			}
			wrapped := make([][]string, len(rows))
			for i, r := range rows {
				wrapped[i] = r
				if best < len(r) && runewidth.StringWidth(r[best]) > target {
					wrapped[i] = slices.Clone(r)
					wrapped[i][best] = wrapWords(r[best], target)
				}
			}
			rows = wrapped
		}
	}
	out := make([]string, len(header))
	for c := range header {
		out[c] = strings.Join(hl[c], "\n")
	}
	return out, rows
}

// wrapWords breaks s at spaces, and a path at its slashes, into lines of
// at most width columns (a longer word stays whole on its own line),
// joined by newlines.
func wrapWords(s string, width int) string {
	var lines []string
	line := ""
	for _, f := range words(s) {
		switch {
		case line == "":
			line = f
		case strings.HasSuffix(line, "/") && runewidth.StringWidth(line)+runewidth.StringWidth(f) <= width:
			line += f
		case !strings.HasSuffix(line, "/") && runewidth.StringWidth(line)+1+runewidth.StringWidth(f) <= width:
			line += " " + f
		default:
			lines = append(lines, line)
			line = f
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// words splits s at spaces, and each word with slashes after each slash
// (../samples/x.tsv as ../, samples/, x.tsv): the places a cell may wrap.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		for {
			i := strings.Index(f, "/")
			if i < 0 || i == len(f)-1 {
				break
			}
			out = append(out, f[:i+1])
			f = f[i+1:]
		}
		out = append(out, f)
	}
	return out
}

// breakLongest breaks the longest of lines at the underscore or space
// nearest its middle (an underscore stays at the end of the first part, a
// space is dropped); lines is returned unchanged when the longest has
// neither inside it.
func breakLongest(lines []string) []string {
	li := 0
	for i, l := range lines {
		if len(l) > len(lines[li]) {
			li = i
		}
	}
	l := lines[li]
	cut, skip := -1, 0
	for i := 1; i < len(l)-1; i++ {
		if (l[i] == '_' || l[i] == ' ') && (cut < 0 || abs(i+1-len(l)/2) < abs(cut-len(l)/2)) {
			cut, skip = i+1, 0
			if l[i] == ' ' {
				skip = 1
			}
		}
	}
	if cut < 0 {
		return lines
	}
	out := append(slices.Clone(lines[:li]), l[:cut-skip], l[cut:])
	return append(out, lines[li+1:]...)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// escapeControls writes the control characters (C0, DEL, C1) and invalid
// UTF-8 in cells as Go escapes (\x1b, \t), so a name from an input file
// cannot move the cursor, recolour or retitle the terminal. It is the one
// escaper of text bound for a terminal: table cells, headers and titles,
// and (through termText) error messages and warnings.
func escapeControls(row []string) []string {
	out := row
	for i, c := range row {
		if !hasControl(c, "") {
			continue
		}
		if &out[0] == &row[0] {
			out = slices.Clone(row)
		}
		out[i] = escapeString(c, "")
	}
	return out
}

// termText is s for a terminal line: control characters escaped as in
// escapeControls, except the newlines and tabs of a message's layout.
func termText(s string) string {
	if !hasControl(s, "\n\t") {
		return s
	}
	return escapeString(s, "\n\t")
}

// escapeString escapes the control characters of s but those in keep, and
// its invalid bytes.
func escapeString(s, keep string) string {
	var b strings.Builder
	for j, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, n := utf8.DecodeRuneInString(s[j:]); n == 1 {
				fmt.Fprintf(&b, "\\x%02x", s[j]) // an invalid byte
			} else {
				b.WriteRune(r) // a real U+FFFD
			}
		case unicode.IsControl(r) && !strings.ContainsRune(keep, r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasControl(s, keep string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(keep, r) {
			return true
		}
	}
	return false
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
// and renames it into place, so a failed or interrupted run never leaves a
// half-written file, nor the temporary file (see cleanupOnSignal). An
// existing file keeps its permissions; a new one gets 0644. path "-" writes
// to stdout.
func writeFileAtomic(path string, stdout io.Writer, fn func(w io.Writer) error) (err error) {
	if path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a directory; give a file name, e.g. %s", path, filepath.Join(path, "out"+filepath.Ext(path)+defaultExt(path)))
		}
		if fi.Mode().IsRegular() {
			mode = fi.Mode().Perm()
		}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return outputDirError(path, dir, err)
	}
	inFlight.add(f.Name())
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
		inFlight.remove(f.Name())
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
	if err = os.Chmod(f.Name(), mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// Under the lock, so a signal's cleanup never runs between the rename
	// and forgetting the name, which would remove nothing, or the output.
	if err = inFlight.rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// defaultExt is ".csv" when path has no extension, so the hint for a
// directory given as -o names a file wfm can write.
func defaultExt(path string) string {
	if filepath.Ext(path) == "" {
		return ".csv"
	}
	return ""
}

// outputDirError says why no file can be created in dir.
func outputDirError(path, dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write %s: directory %s does not exist", path, dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("write %s: directory %s is not writable", path, dir)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("write %s: %s is not a directory", path, dir)
	}
	return fmt.Errorf("write %s: %w", path, err)
}

// inFlight holds the temporary files being written, so that a signal that
// ends the run removes them (cleanupOnSignal).
var inFlight = &tempFiles{names: map[string]bool{}}

type tempFiles struct {
	mu    sync.Mutex
	names map[string]bool
}

func (t *tempFiles) add(name string) {
	t.mu.Lock()
	t.names[name] = true
	t.mu.Unlock()
}

func (t *tempFiles) remove(name string) {
	t.mu.Lock()
	delete(t.names, name)
	t.mu.Unlock()
}

func (t *tempFiles) rename(from, to string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := os.Rename(from, to); err != nil {
		return err
	}
	delete(t.names, from)
	return nil
}

// removeAll removes every temporary file and keeps the lock, so that no
// write renames one into place afterwards: the process is about to exit.
func (t *tempFiles) removeAll() {
	t.mu.Lock()
	for name := range t.names {
		os.RemoveAll(name)
	}
}

// scratch is the run's directory for excelize's temporary files (large
// streamed sheets spill to disk), removed when the run ends, by a signal
// too.
var scratch struct {
	once sync.Once
	dir  string
}

// scratchDir is the run's scratch directory, made on first use; "" (the
// system's temporary directory) when it cannot be made.
func scratchDir() string {
	scratch.once.Do(func() {
		if d, err := os.MkdirTemp("", "wfm-"); err == nil {
			scratch.dir = d
			inFlight.add(d)
		}
	})
	return scratch.dir
}

// removeScratch removes the scratch directory at the end of a run.
func removeScratch() {
	if scratch.dir != "" {
		os.RemoveAll(scratch.dir)
		inFlight.remove(scratch.dir)
	}
}

// cleanupOnSignal makes SIGINT, SIGTERM and SIGHUP remove the temporary
// files of the outputs being written and exit with 128 + the signal's
// number, as a shell reports a process killed by it. Outputs already
// renamed into place stay; none is left half-written. (kill -9 cannot be
// caught: it can leave a temporary file, never a half-written output.)
func cleanupOnSignal(stderr io.Writer) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			inFlight.removeAll()
			fmt.Fprintf(stderr, "wfm: error: interrupted by %v; no output was left half-written\n", sig)
			code := 128 + 15
			if s, ok := sig.(syscall.Signal); ok {
				code = 128 + int(s)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
		removeScratch()
	}
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

// refuseInputAsOutput refuses an output (the flag named) that is one of the
// command's inputs: writing it would replace the data being read.
func refuseInputAsOutput(flag, out string, inputs ...string) error {
	if out == "" || out == "-" {
		return nil
	}
	oi, err := os.Stat(out)
	if err != nil {
		return nil // a new file
	}
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		if ii, err := os.Stat(in); err == nil && os.SameFile(oi, ii) {
			return fmt.Errorf("%s %s: that is the input %s; write to another file", flag, out, in)
		}
	}
	return nil
}
