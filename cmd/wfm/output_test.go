package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mattn/go-runewidth"
	"time"
	"unicode/utf8"

	"github.com/wfm-project/wfm/scheduling"
)

func writeHello(w io.Writer) error {
	_, err := io.WriteString(w, "hello\n")
	return err
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roster.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, nil, writeHello); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode after rewrite = %o, want the existing file's 0600", got)
	}
	if b, _ := os.ReadFile(path); string(b) != "hello\n" {
		t.Errorf("content = %q", b)
	}
	fresh := filepath.Join(filepath.Dir(path), "new.csv")
	if err := writeFileAtomic(fresh, nil, writeHello); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file's mode = %o, want 0644", fi.Mode().Perm())
	}
}

func TestWriteFileAtomicErrors(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "out")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path, want string
	}{
		{sub, "write " + sub + ": is a directory; give a file name, e.g. " + filepath.Join(sub, "out.csv")},
		{filepath.Join(dir, "missing", "r.csv"), "write " + filepath.Join(dir, "missing", "r.csv") + ": directory " + filepath.Join(dir, "missing") + " does not exist"},
	}
	for _, c := range cases {
		err := writeFileAtomic(c.path, nil, writeHello)
		if err == nil || err.Error() != c.want {
			t.Errorf("writeFileAtomic(%s) = %v, want %q", c.path, err, c.want)
		}
	}
	failed := errors.New("boom")
	if err := writeFileAtomic(filepath.Join(dir, "f.csv"), nil, func(w io.Writer) error { writeHello(w); return failed }); !errors.Is(err, failed) {
		t.Errorf("a failing writer: err = %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("after the failures the directory holds %d entries, want only out/", len(entries))
	}
}

func TestWriteFileAtomicReadOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories; run as another user to check the message")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "r.csv")
	err := writeFileAtomic(path, nil, writeHello)
	if want := "write " + path + ": directory " + dir + " is not writable"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestSignalRemovesTempFiles runs a child that is killed by SIGTERM and
// SIGINT in the middle of writing an output: neither the output nor a
// temporary file may be left.
func TestSignalRemovesTempFiles(t *testing.T) {
	if dir := os.Getenv("WFM_TEST_SIGNAL_DIR"); dir != "" {
		defer cleanupOnSignal(os.Stderr)()
		scratchDir()
		writeFileAtomic(filepath.Join(dir, "roster.csv"), nil, func(w io.Writer) error {
			writeHello(w)
			w.(interface{ Flush() error }).Flush()
			fmt.Println("writing")
			time.Sleep(20 * time.Second)
			return nil
		})
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		dir, tmp := t.TempDir(), t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestSignalRemovesTempFiles$")
		cmd.Env = append(os.Environ(), "WFM_TEST_SIGNAL_DIR="+dir, "TMPDIR="+tmp)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "writing\n" {
			cmd.Process.Kill()
			t.Fatalf("child printed %q before writing", line)
		}
		entries, _ := os.ReadDir(dir)
		scratch, _ := filepath.Glob(filepath.Join(tmp, "wfm-*"))
		if len(entries) != 1 || len(scratch) != 1 {
			t.Errorf("while writing: %d files, %d scratch directories, want one of each", len(entries), len(scratch))
		}
		cmd.Process.Signal(sig)
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
			t.Errorf("%v: exit %v, want %d", sig, err, 128+int(sig))
		}
		if !strings.Contains(stderr.String(), "wfm: error: interrupted by") {
			t.Errorf("%v: stderr %q", sig, stderr.String())
		}
		entries, _ = os.ReadDir(dir)
		for _, e := range entries {
			t.Errorf("%v: %s left behind", sig, e.Name())
		}
		if scratch, _ := filepath.Glob(filepath.Join(tmp, "wfm-*")); len(scratch) > 0 {
			t.Errorf("%v: scratch directory %s left behind", sig, scratch[0])
		}
	}
}

// OWASP CSV Injection payloads (https://owasp.org/www-community/attacks/CSV_Injection).
var owaspPayloads = []string{`=HYPERLINK("http://evil.example","click")`, `=cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`, `+1-2`, `-2+3+cmd|' /C calc'!A0`, "\t=1+1", "\r=1+1"}

func TestTableCSVNeutralised(t *testing.T) {
	tb := table{Header: []string{"agent", "hours", "gap"}}
	for _, p := range owaspPayloads {
		tb.Rows = append(tb.Rows, []string{p, "-5", "+1.5"})
	}
	var buf strings.Builder
	if err := tb.print(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(buf.String()))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs[1:] {
		if rec[0] != "'"+owaspPayloads[i] {
			t.Errorf("cell %q written as %q, want it prefixed with '", owaspPayloads[i], rec[0])
		}
		if rec[1] != "-5" || rec[2] != "+1.5" {
			t.Errorf("numbers %q, %q changed", rec[1], rec[2])
		}
	}
}

func TestRosterAndRequirementsNeutralised(t *testing.T) {
	start := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	var acts []scheduling.Activity
	var reqs []scheduling.Requirement
	for i, p := range owaspPayloads {
		s := start.Add(time.Duration(i) * time.Hour)
		acts = append(acts, scheduling.Activity{Agent: p, Source: scheduling.SourceInhouse, Activity: scheduling.ActivityShift, Start: s, End: s.Add(time.Hour)})
		reqs = append(reqs, scheduling.Requirement{Start: s, Queue: p, Channel: "voice", Agents: 1, Fractional: 1, Staff: 1})
	}
	var rb, qb bytes.Buffer
	if err := scheduling.WriteRoster(&rb, acts); err != nil {
		t.Fatal(err)
	}
	if err := scheduling.WriteRequirements(&qb, reqs); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{rb.String(), qb.String()} {
		recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			for _, c := range rec {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !isNumeric(c) {
					t.Errorf("cell %q starts a formula", c)
				}
			}
		}
	}
	back, err := scheduling.ReadRoster(&rb, "roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range back {
		if a.Agent != owaspPayloads[i] {
			t.Errorf("agent %q read back as %q", owaspPayloads[i], a.Agent)
		}
	}
	backReqs, err := scheduling.ReadRequirements(&qb, "requirements.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range backReqs {
		if q.Queue != owaspPayloads[i] {
			t.Errorf("queue %q read back as %q", owaspPayloads[i], q.Queue)
		}
	}
}

func TestTerminalTableEscapesControls(t *testing.T) {
	tb := table{Header: []string{"queue", "n"}, Rows: [][]string{{"bank\x1b]0;pwned\x07\x1b[2J", "1"}, {"ok\xff", "2"}, {"caf\u00e9 \ufffd", "3"}}}
	var buf strings.Builder
	if err := tb.print(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07") || !utf8.ValidString(out) {
		t.Fatalf("control characters or invalid UTF-8 reached the terminal:\n%q", out)
	}
	for _, want := range []string{`bank\x1b]0;pwned\a\x1b[2J`, `ok\xff`, "caf\u00e9 \ufffd"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestTableWidth checks that a terminal table wider than maxTableWidth
// breaks its long header names at underscores until it fits, that a table
// which fits is left alone, and that CSV keeps the names whole.
func TestTableWidth(t *testing.T) {
	header := []string{"day", "queue", "channel", "volume", "aht_seconds", "peak_interval", "peak_volume", "peak_p10", "peak_p90", "required_staff_hours", "model"}
	row := []string{"1999-03-01 Mon", "bank", "voice", "1244", "176.3", "09:45", "33.6", "26", "60", "140.1", "poisson"}
	tb := table{Header: header, Rows: [][]string{row}}
	var b strings.Builder
	if err := tb.print(&b, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for _, l := range lines {
		if w := runewidth.StringWidth(l); w > maxTableWidth {
			t.Errorf("line %d columns wide, want at most %d: %s", w, maxTableWidth, l)
		}
	}
	if !strings.Contains(b.String(), "required_") || !strings.Contains(b.String(), "staff_hours") {
		t.Errorf("required_staff_hours not broken at an underscore:\n%s", b.String())
	}
	b.Reset()
	if err := tb.print(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(b.String(), "\n"); first != strings.Join(header, ",") {
		t.Errorf("CSV header %q, want the names whole", first)
	}
	small := table{Header: []string{"a_b", "c_d"}, Rows: [][]string{{"1", "2"}}}
	b.Reset()
	if err := small.print(&b, "table"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "a_b") {
		t.Errorf("a narrow table's header was broken:\n%s", b.String())
	}
}

// TestTerminalEscapes checks that text from input files reaches a terminal
// with its control characters escaped, in table cells, headers and titles
// and in error messages, and untouched in CSV.
func TestTerminalEscapes(t *testing.T) {
	evil := "q\x1b]0;owned\x07\x1b[2J\u009b31m\xff"
	want := `q\x1b]0;owned\a\x1b[2J\u009b31m\xff`
	tb := table{Title: "queue " + evil, Header: []string{"queue", evil}, Rows: [][]string{{evil, "1"}}}
	var buf bytes.Buffer
	if err := tb.print(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07\u009b") || !utf8.ValidString(out) {
		t.Errorf("table holds raw control characters: %q", out)
	}
	if n := strings.Count(out, want); n != 3 {
		t.Errorf("table shows the escaped name %d times, want 3 (title, header, cell):\n%s", n, out)
	}
	buf.Reset()
	if err := tb.print(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), evil) {
		t.Errorf("CSV changed the data: %q", buf.String())
	}
	buf.Reset()
	printError(&buf, withHint(fmt.Errorf("queue %s:\tbad\nsecond line", evil), "hint "+evil))
	if got := buf.String(); got != "wfm: error: queue "+want+":\tbad\nsecond line\nwfm: hint: hint "+want+"\n" {
		t.Errorf("printError wrote %q", got)
	}
}
