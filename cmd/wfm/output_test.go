package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
