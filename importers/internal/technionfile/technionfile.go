// Package technionfile writes large contact logs in the shape of the
// Technion "Anonymous Bank" February 1999 log (../shared/data, SEE Center,
// Technion): the real log repeated, each copy four weeks later than the one
// before, so that a benchmark reads a file of realistic rows from disk
// instead of rows generated in memory.
package technionfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"time"
)

// Shift is how much later each copy of the log is: four weeks, the
// length of February 1999, so that weekdays and the copies' dates do not
// overlap.
const Shift = 28 * 24 * time.Hour

// Write writes the header of log (tab-separated, with a "date" column in
// YYMMDD) and then rows data rows: the log's rows, again and again, copy k
// with every date moved k·Shift later (the last copy may be partial).
// Empty lines are dropped. Two-digit years read as 1969–2068, so from
// February 1999 up to 910 copies (30 million rows) keep their order.
func Write(w io.Writer, log []byte, rows int) error {
	hdr, body, ok := bytes.Cut(log, []byte("\n"))
	if !ok {
		return fmt.Errorf("technionfile: no header line")
	}
	hdr = bytes.TrimSuffix(hdr, []byte("\r"))
	dateCol := -1
	for i, h := range bytes.Split(hdr, []byte("\t")) {
		if string(h) == "date" {
			dateCol = i
		}
	}
	if dateCol < 0 {
		return fmt.Errorf("technionfile: header has no date column: %q", hdr)
	}
	var lines [][]byte
	for _, l := range bytes.Split(body, []byte("\n")) {
		if l = bytes.TrimSuffix(l, []byte("\r")); len(l) > 0 {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return fmt.Errorf("technionfile: no data rows")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.Write(hdr)
	bw.WriteByte('\n')
	shifted := map[string][]byte{} // date → shifted date, for the current copy
	for n, k := 0, 0; n < rows; k++ {
		clear(shifted)
		for _, l := range lines {
			if n == rows {
				break
			}
			n++
			// fields before the date, the date, the rest
			start := 0
			for c := 0; c < dateCol; c++ {
				i := bytes.IndexByte(l[start:], '\t')
				if i < 0 {
					return fmt.Errorf("technionfile: row %q has no date column", l)
				}
				start += i + 1
			}
			end := bytes.IndexByte(l[start:], '\t')
			if end < 0 {
				end = len(l) - start
			}
			d := l[start : start+end]
			nd, ok := shifted[string(d)]
			if !ok {
				t, err := time.Parse("060102", string(d))
				if err != nil {
					return fmt.Errorf("technionfile: date %q: %v", d, err)
				}
				nd = []byte(t.Add(time.Duration(k) * Shift).Format("060102"))
				shifted[string(d)] = nd
			}
			bw.Write(l[:start])
			bw.Write(nd)
			bw.Write(l[start+end:])
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
