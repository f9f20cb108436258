package importers

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

// readAllRecords splits data with a delimReader whose header is the first
// record, returning each later record's line, fields (nil when rejected)
// and raw text.
func readAllRecords(t *testing.T, data string) (lines []int, fields [][]string, raws []string, err error) {
	t.Helper()
	dr := &delimReader{br: bufio.NewReader(strings.NewReader(data)), delim: ','}
	var rec record
	if err := dr.next(&rec); err != nil {
		t.Fatal(err)
	}
	dr.hdr = append([]string(nil), rec.fields...)
	for {
		e := dr.next(&rec)
		if e == io.EOF {
			return
		}
		if e != nil {
			return lines, fields, raws, e
		}
		lines = append(lines, rec.line)
		raws = append(raws, rec.raw)
		if rec.err != nil {
			fields = append(fields, nil)
		} else {
			fields = append(fields, append([]string(nil), rec.fields...))
		}
	}
}

// TestStrayQuote checks that an opening quote that never closes, or closes
// lines later into a row of the wrong width, rejects only its own line. (A
// stray quote closed by another in the same column makes a row of the right
// width; that row is rejected or imported whole, its lines not lost.)
func TestStrayQuote(t *testing.T) {
	for _, c := range []struct {
		name, data string
		lines      []int
		rejected   []bool
	}{
		{"unclosed to the end", "a,b\n1,\"x\n2,y\n3,z\n", []int{2, 3, 4}, []bool{true, false, false}},
		{"closed by a later stray quote", "a,b,c\n1,\"x,c\n2,y,c\n3,z,c\"\n4,w,c\n", []int{2, 3, 4, 5}, []bool{true, false, false, false}},
		{"a real line break is kept", "a,b\n1,\"two\nlines\"\n2,y\n", []int{2, 4}, []bool{false, false}},
		{"blank lines inside a rejected field are given back", "a,b\n1,\"x\n\n2,y\n", []int{2, 4}, []bool{true, false}},
		{"a second stray quote after a resync", "a,b,c\n1,\"x,c\n2,y,\"c\n3,z,c\n", []int{2, 3, 4}, []bool{true, true, false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			lines, fields, raws, err := readAllRecords(t, c.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != len(c.lines) {
				t.Fatalf("records at lines %v (raw %q), want %v", lines, raws, c.lines)
			}
			for i := range lines {
				if lines[i] != c.lines[i] || (fields[i] == nil) != c.rejected[i] {
					t.Errorf("record %d: line %d rejected %v (raw %q), want line %d rejected %v", i, lines[i], fields[i] == nil, raws[i], c.lines[i], c.rejected[i])
				}
			}
		})
	}
}

// TestQuotedBounds checks the MaxQuotedLines bound and that a line over
// MaxLineBytes is an error, not a row held in memory.
func TestQuotedBounds(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n1,\"")
	for i := 0; i < MaxQuotedLines+5; i++ {
		b.WriteString("x,y\n")
	}
	b.WriteString("\"\n2,z\n")
	lines, fields, _, err := readAllRecords(t, b.String())
	if err != nil {
		t.Fatal(err)
	}
	if fields[0] != nil || lines[0] != 2 || lines[1] != 3 || fields[1] == nil {
		t.Errorf("first records: lines %v fields %q", lines[:2], fields[:2])
	}
	_, _, _, err = readAllRecords(t, "a,b\n"+strings.Repeat(",", MaxLineBytes+10)+"\n")
	if !errors.Is(err, ErrLineTooLong) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("long line: err %v", err)
	}
}

// A line past the bound stops the reader with its number, after the lines
// before it were read.
func TestLimitLines(t *testing.T) {
	r := LimitLines(strings.NewReader("ab\ncd\n"+strings.Repeat("x", 11)+"\n"), 10)
	b, err := io.ReadAll(r)
	if !errors.Is(err, ErrLineTooLong) || !strings.Contains(err.Error(), "line 3:") {
		t.Fatalf("err = %v, want line 3 too long", err)
	}
	if !strings.HasPrefix(string(b), "ab\ncd\n") {
		t.Fatalf("read %q before the error", b)
	}
	if _, err := io.ReadAll(LimitLines(strings.NewReader(strings.Repeat("x", 10)+"\n"), 10)); err != nil {
		t.Fatalf("a line of exactly the bound: %v", err)
	}
}
