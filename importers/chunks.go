package importers

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
)

// Delimited text is read in chunks parsed on several goroutines:
//
//   - one reader cuts the stream into chunks of whole lines and numbers
//     them;
//   - Options.Workers parsers each split a chunk into rows and parse them
//     (mapper.parseRecord, the same as row by row), into the rows to count,
//     the rejects and the counts that do not depend on order;
//   - the calling goroutine counts the chunks into the history in file
//     order, calls Options.OnReject and Options.OnContact in file order,
//     and adds up the counts.
//
// So the result does not depend on the number of workers: every sum is
// taken in the same order as row by row (floating-point sums included),
// and the first error is the first in the file. A chunk is only cut where
// no row can span it: when a quoted field in a chunk does not close on its
// line (it may hold line breaks) or a line is as long as a chunk, the rest
// of the file is read row by row (delimReader), which also reports a line
// over MaxLineBytes. A slash date read with the auto format before the
// file's day and month order is known (dateOrder, found in file order)
// sends the file row by row from its row until the order is found; then
// chunks take over again.

// chunkBytes bounds a chunk; zero: MaxLineBytes + 2 (a line and its CR LF,
// so that every line of a full chunk is within the limit). Tests lower it
// to cut small files into many chunks, and make it negative to read row by
// row only.
var chunkBytes = 0

// chunk is a run of whole lines of a file.
type chunk struct {
	seq   int
	text  string
	first int // line number of its first line
}

// batch is a parsed chunk.
type batch struct {
	seq  int
	rows []parsedRow
	qcs  qcTable // numbers rows[i].qc
	sum  FileSummary
	// rejects, each after the first rejectAt[i] rows of rows
	rejects  []Reject
	rejectAt []int
	last     int // line of its last row, 0 when it has none
	// stopAt ≥ 0: parsing stopped at the row at text[stopAt:], after
	// stopLine lines, which must be read in file order (reasonInOrder)
	text     string
	stopAt   int
	stopLine int
}

// readerEnd is how the reader stopped.
type readerEnd struct {
	chunks int    // chunks sent
	rest   string // text not cut into chunks, to read row by row
	line   int    // lines before rest
	err    error  // a read error after the chunks
}

// importChunks reads dr's rows in chunks (see above) into rs, and leaves
// dr to read what the chunks did not take. It returns the line of the last
// row it read, and inOrder when it stopped at a row whose slash date needs
// the file's date order, which is not known yet: once reading row by row
// has found it, chunks can take over again.
func (m *mapper) importChunks(ctx context.Context, dr *delimReader, rs *rowSink) (last int, inOrder bool, err error) {
	if len(dr.backEnds) > 0 || chunkBytes < 0 {
		return 0, false, nil
	}
	workers := m.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := chunkBytes
	maxLine, _ := dr.limits()
	if size <= 0 || size > maxLine+2 {
		size = maxLine + 2
	}
	inflight := 2*workers + 2
	tokens := make(chan struct{}, inflight)
	work := make(chan chunk, inflight)
	results := make(chan *batch, inflight)   // never blocks a worker: at most inflight chunks are out
	free := make(chan []parsedRow, inflight) // counted batches' rows, for workers to reuse
	ended := make(chan readerEnd, 1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		ended <- readChunks(dr, size, tokens, work, done)
	}()
	for w := 0; w < workers; w++ {
		wfs := rs.fs.clone(nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range work {
				var rows []parsedRow
				select {
				case rows = <-free:
				default:
				}
				results <- m.parseChunk(wfs, ch, dr.delim, rs, rows)
			}
		}()
	}
	pending := map[int]*batch{}
	next := 0
	end, finished := readerEnd{}, false
	// stop ends the reader and the workers; every chunk sent is then in
	// pending, and end says how the reader stopped
	stop := func() {
		close(done)
		wg.Wait()
		if !finished {
			end, finished = <-ended, true
		}
		for len(results) > 0 {
			b := <-results
			pending[b.seq] = b
		}
	}
	for !finished || next < end.chunks {
		if b, ok := pending[next]; ok {
			delete(pending, next)
			if err := ctx.Err(); err != nil {
				stop()
				return 0, false, err
			}
			if err := m.countBatch(b, rs); err != nil {
				stop()
				return 0, false, err
			}
			if b.last > 0 {
				last = b.last
			}
			next++
			if b.stopAt >= 0 {
				// read on in order from this row: the rest of its
				// chunk, the chunks after it, what the reader holds
				stop()
				rest := []string{b.text[b.stopAt:]}
				for ; next < end.chunks; next++ {
					rest = append(rest, pending[next].text)
				}
				end.rest = strings.Join(append(rest, end.rest), "")
				end.line = b.stopLine
				inOrder = true
				break
			}
			select {
			case free <- b.rows[:0]:
			default:
			}
			<-tokens
			continue
		}
		select {
		case b := <-results:
			pending[b.seq] = b
		case end = <-ended:
			finished = true
		}
	}
	if !inOrder {
		stop()
	}
	if end.rest == "" && end.err != nil {
		return 0, false, fmt.Errorf("importers: %s:%d: %w", rs.name, last+1, end.err)
	}
	if end.rest != "" {
		var tail io.Reader = dr.br
		if end.err != nil {
			tail = errReader{end.err}
		}
		dr.br = bufio.NewReaderSize(io.MultiReader(strings.NewReader(end.rest), tail), 1<<16)
	}
	dr.line = end.line
	return last, inOrder, nil
}

// errReader fails with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// readChunks cuts dr's stream into chunks of at most size bytes ending at
// a line break, each taking a token first, until the end, a read error, or
// text that must be read row by row.
func readChunks(dr *delimReader, size int, tokens chan<- struct{}, work chan<- chunk, done <-chan struct{}) readerEnd {
	buf := make([]byte, size)
	carry, line := 0, dr.line
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(dr.br, buf[carry:])
		data := buf[:carry+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			// as row by row: the lines read are counted, the one the
			// error cut is not
			data = data[:bytes.LastIndexByte(data, '\n')+1]
		}
		cut := len(data)
		if err == nil {
			// a full buffer: up to its last line break
			cut = bytes.LastIndexByte(data, '\n') + 1
		}
		if cut == 0 && len(data) > 0 || !quotesClose(data[:cut], dr.delim) {
			end := readerEnd{chunks: seq, rest: string(data), line: line}
			if !eof {
				end.err = err
			}
			return end
		}
		if cut > 0 {
			select {
			case tokens <- struct{}{}:
			case <-done:
				end := readerEnd{chunks: seq, rest: string(data), line: line}
				if !eof {
					end.err = err
				}
				return end
			}
			work <- chunk{seq: seq, text: string(data[:cut]), first: line + 1}
			line += bytes.Count(data[:cut], []byte{'\n'})
		} else {
			seq--
		}
		if err != nil {
			end := readerEnd{chunks: seq + 1, line: line}
			if !eof {
				end.err = err
			}
			return end
		}
		carry = copy(buf, data[cut:])
	}
}

// quotesClose reports whether every line of text that holds a quote closes
// its quoted fields on that line, as delimReader.quoted reads them: then
// no row spans lines.
func quotesClose(text []byte, delim byte) bool {
	for {
		q := bytes.IndexByte(text, '"')
		if q < 0 {
			return true
		}
		start := bytes.LastIndexByte(text[:q], '\n') + 1
		end := len(text)
		if e := bytes.IndexByte(text[q:], '\n'); e >= 0 {
			end = q + e
		}
		if !lineCloses(bytes.TrimSuffix(text[start:end], []byte{'\r'}), delim) {
			return false
		}
		text = text[end:]
	}
}

// lineCloses follows delimReader.quoted's scan of one line and reports
// whether each quoted field closes on it.
func lineCloses(raw []byte, delim byte) bool {
	i := 0
	for {
		if i < len(raw) && raw[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(raw[i:], '"')
				if j < 0 {
					return false
				}
				i += j + 1
				if i < len(raw) && raw[i] == '"' {
					i++
					continue
				}
				break
			}
		}
		j := bytes.IndexByte(raw[i:], delim)
		if j < 0 {
			return true
		}
		i += j + 1
	}
}

// parseChunk parses the rows of a chunk as delimReader.next and
// rowSink.process would, with fs, a worker's own copy of the file's state.
// rows, when not nil, is a counted batch's, to reuse.
func (m *mapper) parseChunk(fs *fileState, ch chunk, delim byte, rs *rowSink, rows []parsedRow) *batch {
	b := &batch{seq: ch.seq, text: ch.text, stopAt: -1, sum: FileSummary{Excluded: map[string]int{}, Rejected: map[string]int{}, Warnings: map[string]int{}}}
	fs.qcs, fs.lastQC = &b.qcs, -1
	b.rows = rows
	if b.rows == nil {
		b.rows = make([]parsedRow, 0, strings.Count(ch.text, "\n")+1)
	}
	var rec record
	var fields []string
	qr := &delimReader{delim: delim} // never reads: its rows close on their line
	line := ch.first - 1
	for s := ch.text; s != ""; {
		at := len(ch.text) - len(s)
		l := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			l, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line++
		l = strings.TrimSuffix(l, "\r")
		if l == "" {
			continue
		}
		if strings.IndexByte(l, '"') >= 0 {
			// quoted fields, closed on this line (see quotesClose)
			rec = record{line: line}
			qr.quoted([]byte(l), &rec)
		} else {
			fields = splitFields(fields[:0], l, delim)
			rec = record{fields: fields, line: line, raw: l}
		}
		var row parsedRow
		reason, detail := m.parseRecord(fs, &rec, rs.checkWidth, rs.hdrLen, &b.sum, &row)
		if reason == reasonInOrder || reason == reasonAmbiguous { // (the second cannot occur: a worker's order is decided elsewhere)
			b.stopAt, b.stopLine = at, line-1
			break
		}
		b.last = line
		if !account(&b.sum, reason) {
			if reason == "" {
				b.rows = append(b.rows, row)
			}
			continue
		}
		b.rejects = append(b.rejects, Reject{File: rs.name, Line: line, Raw: l, Reason: reason, Detail: detail})
		b.rejectAt = append(b.rejectAt, len(b.rows))
	}
	return b
}

// countBatch counts a parsed chunk into rs, in file order.
func (m *mapper) countBatch(b *batch, rs *rowSink) error {
	qc := make([]int, len(b.qcs.qcs))
	for i, k := range b.qcs.qcs {
		qc[i] = rs.agg.qcIndex(k.queue, k.channel)
	}
	from := 0
	for k := 0; k <= len(b.rejects); k++ {
		to := len(b.rows)
		if k < len(b.rejects) {
			to = b.rejectAt[k]
		}
		for i := from; i < to; i++ {
			rs.agg.add(m, &b.rows[i], qc[b.rows[i].qc])
		}
		from = to
		if k < len(b.rejects) && m.opts.OnReject != nil {
			if err := m.opts.OnReject(b.rejects[k]); err != nil {
				return err
			}
		}
	}
	rs.sum.add(&b.sum)
	return nil
}

// add adds o's counts to s.
func (s *FileSummary) add(o *FileSummary) {
	s.Rows += o.Rows
	s.Imported += o.Imported
	s.Offered += o.Offered
	s.Answered += o.Answered
	s.Abandoned += o.Abandoned
	for _, p := range [][2]map[string]int{{s.Excluded, o.Excluded}, {s.Rejected, o.Rejected}, {s.Warnings, o.Warnings}} {
		for k, v := range p[1] {
			p[0][k] += v
		}
	}
}
