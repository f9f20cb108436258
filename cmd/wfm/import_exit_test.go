package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestImportExitCodes checks the exit codes the README gives for import:
// 2 for input that cannot be trusted (a misread file, an output naming the
// input), 1 for a --max-rejects gate.
func TestImportExitCodes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "uk.csv")
	if err := os.WriteFile(in, []byte("start\n13/01/2026 09:00\n05/01/2026 10:00\n14/01/2026 11:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "h.csv")
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"import", "--map", "arrival=start", "--layout", "01/02/2006 15:04", in, "-o", out}, exitInput},
		{[]string{"import", "--map", "arrival=start", in, "-o", in}, exitInput},
		{[]string{"import", "--map", "arrival=start", in, "-o", out, "--rejects", in}, exitInput},
		{[]string{"import", "--map", "arrival=start", "--layout", "01/02/2006 15:04", "--max-rejects", "1", in, "-o", out}, exitCheckFailed},
		{[]string{"import", "--map", "arrival=start", "--layout", "02/01/2006 15:04", in, "-o", out}, exitOK},
	} {
		var stdout, stderr bytes.Buffer
		if got := run(c.args, nil, &stdout, &stderr); got != c.want {
			t.Errorf("wfm %q: exit %d, want %d\n%s", c.args, got, c.want, stderr.String())
		}
	}
}
