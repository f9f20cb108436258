package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
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
	KindJSONL = "jsonl"
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
	if first[0] == '{' {
		jr := &jsonlReader{br: br, index: map[string]int{}}
		if err := jr.init(); err != nil {
			return nil, "", nil, err
		}
		return jr, KindJSONL, closer, nil
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

// delimReader splits delimited text following RFC 4180: a field that starts
// with a quote runs to the matching quote, may hold delimiters and line
// breaks, and "" stands for one quote. A quote inside an unquoted field is
// kept as text, as is text after a closing quote. Empty lines are skipped
// (they are not rows); CR before LF is dropped, also inside quotes.
type delimReader struct {
	br     *bufio.Reader
	delim  byte
	hdr    []string
	line   int // lines consumed
	fields []string
	buf    []byte
	qbuf   []byte
}

func (r *delimReader) header() []string { return r.hdr }

// readLine returns the next physical line without its line end. The slice
// is valid until the next call.
func (r *delimReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.buf = append(r.buf[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			r.buf = append(r.buf, line...)
		}
		line = r.buf
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
		r.fields = r.fields[:0]
		for {
			i := strings.IndexByte(s, r.delim)
			if i < 0 {
				r.fields = append(r.fields, s)
				break
			}
			r.fields = append(r.fields, s[:i])
			s = s[i+1:]
		}
		rec.fields = r.fields
		return nil
	}
	return r.quoted(line, rec)
}

// quoted splits a record holding quotes, reading more lines while a quoted
// field is open.
func (r *delimReader) quoted(line []byte, rec *record) error {
	raw := append(r.qbuf[:0], line...)
	var out []byte
	var ends []int
	i := 0
	for {
		// at the start of a field
		if i < len(raw) && raw[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(raw[i:], '"')
				if j < 0 {
					out = append(out, raw[i:]...)
					next, err := r.readLine()
					if err != nil {
						if err == io.EOF {
							r.qbuf = raw
							rec.raw = string(raw)
							rec.fields = nil
							rec.err = errors.New("quoted field not closed before the end of the file")
							return nil
						}
						return err
					}
					out = append(out, '\n')
					raw = append(raw, '\n')
					i = len(raw)
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
	r.qbuf = raw
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

// jsonlReader reads JSON Lines: one object per line. Its columns are the
// keys of the first object (sorted); later keys are added as they appear.
// Strings are taken as they are, numbers as written, true/false as text,
// null as empty and nested values as their JSON text.
type jsonlReader struct {
	br     *bufio.Reader
	hdr    []string
	index  map[string]int
	line   int
	first  *record
	fields []string
}

func (r *jsonlReader) header() []string { return r.hdr }

func (r *jsonlReader) init() error {
	var rec record
	if err := r.read(&rec); err != nil {
		if err == io.EOF {
			return errEmpty
		}
		return err
	}
	if rec.err != nil {
		return fmt.Errorf("line %d: %w", rec.line, rec.err)
	}
	r.first = &record{fields: append([]string(nil), rec.fields...), line: rec.line, raw: rec.raw}
	return nil
}

func (r *jsonlReader) next(rec *record) error {
	if r.first != nil {
		*rec = *r.first
		r.first = nil
		return nil
	}
	return r.read(rec)
}

func (r *jsonlReader) read(rec *record) error {
	var line []byte
	for {
		l, err := r.br.ReadBytes('\n')
		if len(l) == 0 && err != nil {
			return err
		}
		r.line++
		l = bytes.TrimRight(l, "\r\n")
		if len(bytes.TrimSpace(l)) > 0 {
			line = l
			break
		}
		if err != nil {
			return err
		}
	}
	rec.line, rec.raw, rec.err = r.line, string(line), nil
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		rec.fields = nil
		rec.err = fmt.Errorf("not a JSON object: %v", err)
		return nil
	}
	if r.hdr == nil {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r.index[k] = len(r.hdr)
			r.hdr = append(r.hdr, k)
		}
	}
	r.fields = r.fields[:0]
	for range r.hdr {
		r.fields = append(r.fields, "")
	}
	for k, v := range obj {
		i, ok := r.index[k]
		if !ok {
			i = len(r.hdr)
			r.index[k] = i
			r.hdr = append(r.hdr, k)
			r.fields = append(r.fields, "")
		}
		r.fields[i] = jsonText(v)
	}
	rec.fields = r.fields
	return nil
}

func jsonText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	}
	return string(v)
}
