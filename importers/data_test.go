package importers

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sharedData returns the path of a file under ../shared/data, skipping the
// test when the shared data set is absent (a fresh clone has none).
func sharedData(t testing.TB, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("needs the shared data set: %s is absent (%v)", p, err)
	}
	return p
}

// importFile imports one file with a preset, collecting rejects.
func importFile(t testing.TB, path string, opts Options) (*Result, []Reject) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rejects []Reject
	opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	res, err := Import(context.Background(), []Source{{Name: filepath.Base(path), R: f}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, rejects
}

func mustPreset(t testing.TB, name string) Preset {
	t.Helper()
	p, err := LookupPreset(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readTSV calls fn with each row of a tab-separated file, by column name.
func readTSV(t testing.TB, path string, fn func(map[string]string)) {
	t.Helper()
	readDelimited(t, path, "\t", fn)
}

// readCSVRows calls fn with each row of a simple (unquoted) CSV file.
func readCSVRows(t testing.TB, path string, fn func(map[string]string)) {
	t.Helper()
	readDelimited(t, path, ",", fn)
}

func readDelimited(t testing.TB, path, sep string, fn func(map[string]string)) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\r\n"), "\n")
	hdr := strings.Split(strings.TrimRight(lines[0], "\r"), sep)
	for _, l := range lines[1:] {
		f := strings.Split(strings.TrimRight(l, "\r"), sep)
		rec := map[string]string{}
		for i, h := range hdr {
			if i < len(f) {
				rec[h] = f[i]
			}
		}
		fn(rec)
	}
}

func atoiMust(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
