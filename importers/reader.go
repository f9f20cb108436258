package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
)

// Source is one input: a name for messages and summaries, and its bytes.
type Source struct {
	Name string
	R    io.Reader
}

// SheetRows yields a spreadsheet's rows as text, the first being the header.
// Next returns io.EOF after the last row. Cells must be raw values (numbers
// unformatted: dates as serial numbers, times as day fractions).
type SheetRows interface {
	Next() ([]string, error)
	Close() error
}

// SpreadsheetOpener opens a workbook read from r and returns the rows of the
// named sheet, or of the first sheet when sheet is "".
type SpreadsheetOpener func(r io.Reader, sheet string) (SheetRows, error)

// Formats a source can be in, as reported in FileSummary.Format.
const (
	KindCSV   = "csv"
	KindTSV   = "tsv"
	KindText  = "delimited" // semicolon or bar
	KindJSONL = "jsonl"     // JSON objects one after another: one a line, pretty-printed, or concatenated
	KindJSON  = "json"      // a JSON array of objects, or an object whose first key holds one
	KindXLSX  = "xlsx"
)

// ErrSpreadsheet is returned for a workbook when no SpreadsheetOpener was
// given.
var ErrSpreadsheet = errors.New("spreadsheet reader not available")

// record is one data row as text fields.
type record struct {
	fields []string
	line   int    // first line (row number for spreadsheets)
	raw    string // the row as it stood in the file (re-encoded for spreadsheets and JSON)
	err    error  // the row could not be split into fields (it is rejected)
}

// recordReader reads a source's header then its rows.
type recordReader interface {
	header() []string
	next(*record) error // io.EOF at the end
}

// openRecords sniffs src and returns a reader of its records and its kind.
// A gzip-compressed source's kind ends in ".gz".
func openRecords(src Source, opts *Options) (recordReader, string, func() error, error) {
	gz := false
	rr, kind, closer, err := sniff(src, opts, &gz)
	if gz {
		kind += ".gz"
	}
	return rr, kind, closer, err
}

func sniff(src Source, opts *Options, gz *bool) (recordReader, string, func() error, error) {
	br := bufio.NewReaderSize(src.R, 1<<16)
	closer := func() error { return nil }
	magic, _ := br.Peek(4)
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "", nil, fmt.Errorf("gzip: %w", err)
		}
		closer = zr.Close
		*gz = true
		br = bufio.NewReaderSize(zr, 1<<16)
		magic, _ = br.Peek(4)
	}
	if bytes.HasPrefix(magic, parquetMagic) {
		pr, err := openParquet(src, br, *gz)
		if err != nil {
			return nil, "", nil, err
		}
		return pr, KindParquet, closer, nil
	}
	if bytes.HasPrefix(magic, []byte("PK\x03\x04")) {
		if opts.OpenSpreadsheet == nil {
			return nil, "", nil, ErrSpreadsheet
		}
		rows, err := opts.OpenSpreadsheet(br, opts.Sheet)
		if err != nil {
			return nil, "", nil, err
		}
		sr := &sheetReader{rows: rows}
		h, err := rows.Next()
		if err == io.EOF {
			return nil, "", nil, errEmpty
		}
		if err != nil {
			return nil, "", nil, err
		}
		sr.hdr = cleanHeader(h)
		sr.row = 1
		c := closer
		return sr, KindXLSX, func() error { rows.Close(); return c() }, nil
	}
	// Skip a UTF-8 BOM and look at the first line.
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	first, _ := br.Peek(1)
	if len(first) == 0 {
		return nil, "", nil, errEmpty
	}
	if first[0] == '{' || first[0] == '[' {
		jr, err := newJSONReader(br, opts)
		if err != nil {
			return nil, "", nil, err
		}
		return jr, jr.kind, closer, nil
	}
	peek, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(peek, '\n'); i >= 0 {
		peek = peek[:i]
	}
	delim := sniffDelimiter(peek)
	dr := &delimReader{br: br, delim: delim}
	var rec record
	if err := dr.next(&rec); err != nil {
		if err == io.EOF {
			return nil, "", nil, errEmpty
		}
		return nil, "", nil, err
	}
	if rec.err != nil {
		return nil, "", nil, fmt.Errorf("header: %w", rec.err)
	}
	dr.hdr = cleanHeader(append([]string(nil), rec.fields...))
	kind := KindText
	switch delim {
	case ',':
		kind = KindCSV
	case '\t':
		kind = KindTSV
	}
	return dr, kind, closer, nil
}

var errEmpty = errors.New("empty file: no header row")

func cleanHeader(h []string) []string {
	out := make([]string, len(h))
	for i, s := range h {
		out[i] = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	}
	return out
}

// sniffDelimiter picks the most frequent of tab, comma, semicolon and bar
// outside quotes in the header line; comma when none occurs.
func sniffDelimiter(line []byte) byte {
	counts := map[byte]int{}
	inQ := false
	for _, c := range line {
		switch {
		case c == '"':
			inQ = !inQ
		case !inQ && (c == '\t' || c == ',' || c == ';' || c == '|'):
			counts[c]++
		}
	}
	best, n := byte(','), 0
	for _, c := range []byte{',', '\t', ';', '|'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

// Bounds of delimited text. A line (and a row, even one spanning lines)
// longer than MaxLineBytes stops the import with an error: no contact log
// has such rows, and reading on would hold the whole line in memory (a
// file of commas, or a gzip stream inflating without a newline). A quoted
// field may hold up to MaxQuotedLines line breaks.
const (
	MaxLineBytes   = 1 << 20
	MaxQuotedLines = 1000
)

// ErrLineTooLong is wrapped by the error for a line over MaxLineBytes.
var ErrLineTooLong = errors.New("line too long")

// LimitLines returns a reader of r that fails with ErrLineTooLong, naming
// the line, once a physical line (bytes between line breaks) passes max
// bytes. A CSV reader over it holds at most one such line in memory, not a
// file of commas or a stream without line breaks.
func LimitLines(r io.Reader, max int) io.Reader { return &lineLimiter{r: r, max: max, line: 1} }

type lineLimiter struct {
	r              io.Reader
	max, run, line int
	err            error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			l.run = 0
			l.line++
			continue
		}
		if l.run++; l.run > l.max {
			l.err = fmt.Errorf("line %d: %w: more than %d bytes without a line break; not a text file?", l.line, ErrLineTooLong, l.max)
			return i, l.err
		}
	}
	return n, err
}

// delimReader splits delimited text following RFC 4180: a field that starts
// with a quote runs to the matching quote, may hold delimiters and line
// breaks, and "" stands for one quote. A quote inside an unquoted field is
// kept as text, as is text after a closing quote. Empty lines are skipped
// (they are not rows); CR before LF is dropped, also inside quotes.
//
// A stray opening quote must not swallow the rest of a file, so a row that
// spans lines is kept only when it closes its quotes within MaxQuotedLines
// lines and MaxLineBytes, and has as many fields as the header. Otherwise
// only its first line is rejected ("unbalanced quote") and reading resumes
// at the line after it.
type delimReader struct {
	br     *bufio.Reader
	delim  byte
	hdr    []string
	line   int // lines consumed
	fields []string
	buf    []byte
	qbuf   []byte
	out    []byte
	starts []int // offsets of the lines of a quoted row in qbuf

	// back holds lines given back by a resync, read again before br
	back      []byte
	backEnds  []int
	backStart int

	maxLine, maxQuoted int // zero: MaxLineBytes, MaxQuotedLines
}

func (r *delimReader) header() []string { return r.hdr }

func (r *delimReader) limits() (int, int) {
	ml, mq := r.maxLine, r.maxQuoted
	if ml == 0 {
		ml = MaxLineBytes
	}
	if mq == 0 {
		mq = MaxQuotedLines
	}
	return ml, mq
}

// readLine returns the next physical line without its line end. The slice
// is valid until the next call.
func (r *delimReader) readLine() ([]byte, error) {
	if len(r.backEnds) > 0 {
		e := r.backEnds[0]
		line := r.back[r.backStart:e]
		r.backStart = e
		r.backEnds = r.backEnds[1:]
		r.line++
		return line, nil
	}
	maxLine, _ := r.limits()
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.buf = append(r.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(r.buf) > maxLine {
				return nil, fmt.Errorf("line %d: %w: more than %d bytes without a line break; not a text log?", r.line+1, ErrLineTooLong, maxLine)
			}
			line, err = r.br.ReadSlice('\n')
			r.buf = append(r.buf, line...)
		}
		line = r.buf
	}
	if len(line) > maxLine+2 {
		return nil, fmt.Errorf("line %d: %w: more than %d bytes without a line break; not a text log?", r.line+1, ErrLineTooLong, maxLine)
	}
	if len(line) == 0 && err != nil {
		return nil, err
	}
	r.line++
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	return line, nil
}

func (r *delimReader) next(rec *record) error {
	var line []byte
	var err error
	for {
		line, err = r.readLine()
		if err != nil {
			return err
		}
		if len(line) > 0 {
			break
		}
	}
	rec.line = r.line
	rec.err = nil
	if bytes.IndexByte(line, '"') < 0 {
		s := string(line)
		rec.raw = s
		r.fields = splitFields(r.fields[:0], s, r.delim)
		rec.fields = r.fields
		return nil
	}
	return r.quoted(line, rec)
}

// splitFields appends the delim-separated fields of s to dst. It looks at
// eight bytes at a time: with x the bytes XOR the delimiter,
// ^((x&0x7f…7f + 0x7f…7f) | x | 0x7f…7f) has the high bit set in exactly
// the bytes of x that are zero (H. S. Warren, Hacker's Delight, 2nd ed.,
// §6-1, "Find First 0-Byte"; unlike the shorter (x−0x01…01) &^ x & 0x80…80
// it flags no byte after a zero one), so that the short fields of a
// contact log cost no call each.
func splitFields(dst []string, s string, delim byte) []string {
	const low7, ones = 0x7f7f7f7f7f7f7f7f, 0x0101010101010101
	pat := uint64(delim) * ones
	start, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		x := (uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) ^ pat
		for m := ^((x&low7 + low7) | x | low7); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			dst = append(dst, s[start:j])
			start = j + 1
		}
	}
	for ; i < len(s); i++ {
		if s[i] == delim {
			dst = append(dst, s[start:i])
			start = i + 1
		}
	}
	return append(dst, s[start:])
}

// quoted splits a record holding quotes, reading more lines while a quoted
// field is open.
func (r *delimReader) quoted(line []byte, rec *record) error {
	maxLine, maxQuoted := r.limits()
	raw := append(r.qbuf[:0], line...)
	r.starts = append(r.starts[:0], 0)
	out := r.out[:0]
	var ends []int
	i := 0
	openCol := 0
	why := ""
scan:
	for {
		// at the start of a field
		if i < len(raw) && raw[i] == '"' {
			openCol = len(ends) + 1
			i++
			for {
				j := bytes.IndexByte(raw[i:], '"')
				if j < 0 {
					out = append(out, raw[i:]...)
					if len(r.starts) > maxQuoted {
						why = fmt.Sprintf("it does not close within %d lines", maxQuoted)
						break scan
					}
					if len(raw) > maxLine {
						why = fmt.Sprintf("it does not close within %d bytes", maxLine)
						break scan
					}
					next, err := r.readLine()
					if err != nil {
						if err == io.EOF {
							why = "it does not close before the end of the file"
							break scan
						}
						return err
					}
					out = append(out, '\n')
					raw = append(raw, '\n')
					i = len(raw)
					r.starts = append(r.starts, i)
					raw = append(raw, next...)
					continue
				}
				out = append(out, raw[i:i+j]...)
				i += j + 1
				if i < len(raw) && raw[i] == '"' {
					out = append(out, '"')
					i++
					continue
				}
				break
			}
		}
		// unquoted part (or text after a closing quote)
		j := bytes.IndexByte(raw[i:], r.delim)
		if j < 0 {
			out = append(out, raw[i:]...)
			ends = append(ends, len(out))
			break
		}
		out = append(out, raw[i:i+j]...)
		ends = append(ends, len(out))
		i += j + 1
	}
	r.qbuf, r.out = raw, out
	lines := len(r.starts)
	if why == "" && lines > 1 && r.hdr != nil && len(ends) != len(r.hdr) {
		why = fmt.Sprintf("the row it would make spans %d lines and has %d fields, the header %d", lines, len(ends), len(r.hdr))
	}
	if why != "" {
		rec.fields = nil
		if lines == 1 {
			rec.raw = string(raw)
			rec.err = fmt.Errorf("unbalanced quote: the quoted field in column %d does not close: %s", openCol, why)
			return nil
		}
		// Reject the first line alone and read the others again.
		first := r.starts[1] - 1
		rec.raw = string(raw[:first])
		rec.err = fmt.Errorf("unbalanced quote: the quoted field in column %d does not close on this line, and %s; the line is rejected alone and reading resumes at the next line", openCol, why)
		r.giveBack(raw[first+1:], r.starts[1:], first+1)
		return nil
	}
	s := string(out)
	rec.raw = string(raw)
	r.fields = r.fields[:0]
	start := 0
	for _, e := range ends {
		r.fields = append(r.fields, s[start:e])
		start = e
	}
	rec.fields = r.fields
	return nil
}

// giveBack queues lines (rest holds them joined by '\n', starting at the
// offsets starts minus base) to be read again.
func (r *delimReader) giveBack(rest []byte, starts []int, base int) {
	// Lines not yet read from back stay after the returned ones.
	var pending []byte
	var pendingEnds []int
	if len(r.backEnds) > 0 {
		pending = r.back[r.backStart:r.backEnds[len(r.backEnds)-1]]
		for _, e := range r.backEnds {
			pendingEnds = append(pendingEnds, e-r.backStart)
		}
	}
	nb := make([]byte, 0, len(rest)+len(pending))
	var ends []int
	for k := range starts {
		s := starts[k] - base
		e := len(rest)
		if k+1 < len(starts) {
			e = starts[k+1] - base - 1
		}
		nb = append(nb, rest[s:e]...)
		ends = append(ends, len(nb))
	}
	off := len(nb)
	nb = append(nb, pending...)
	for _, e := range pendingEnds {
		ends = append(ends, off+e)
	}
	r.back, r.backEnds, r.backStart = nb, ends, 0
	r.line -= len(starts)
}

// sheetReader adapts SheetRows.
type sheetReader struct {
	rows SheetRows
	hdr  []string
	row  int
}

func (r *sheetReader) header() []string { return r.hdr }

func (r *sheetReader) next(rec *record) error {
	for {
		f, err := r.rows.Next()
		if err != nil {
			return err
		}
		r.row++
		empty := true
		for _, s := range f {
			if strings.TrimSpace(s) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		rec.fields, rec.line, rec.err = f, r.row, nil
		rec.raw = encodeRaw(f)
		return nil
	}
}

// encodeRaw writes fields as one CSV line, for the rejects file.
func encodeRaw(f []string) string {
	var b strings.Builder
	for i, s := range f {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(s, ",\"\r\n") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(s, `"`, `""`))
			b.WriteByte('"')
		} else {
			b.WriteString(s)
		}
	}
	return b.String()
}
