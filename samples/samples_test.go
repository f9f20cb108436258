package samples

import (
	"bufio"
	"compress/gzip"
	"testing"
)

// The embedded log must be the whole Technion February file: 33,344 calls
// plus the header (count from ../shared/data/README.md).
func TestEmbeddedLogIsComplete(t *testing.T) {
	f, err := FS.Open("technion_bank_feb1999.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 33345 {
		t.Fatalf("lines = %d, want 33,345 (33,344 calls and a header)", n)
	}
	for _, name := range []string{ConfigName, "agents.csv", "README.md"} {
		if _, err := FS.Open(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
