package importers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// KindParquet is the format of an Apache Parquet file.
const KindParquet = "parquet"

// parquetMagic opens (and closes) every Parquet file.
var parquetMagic = []byte("PAR1")

// MaxParquetSpool bounds a Parquet source that is not a file on disk
// (stdin, or a gzip'd file): Parquet keeps its schema in a footer at the
// end, so such a source is read into memory first, and one larger than
// this is refused.
const MaxParquetSpool = 256 << 20

// parquetReader reads a Parquet file row group by row group (each
// group's pages are read as its rows are), so memory holds one group's
// pages, not the file. Columns are the schema's leaf columns, named by
// their dotted path (a nested group "Queue" with a leaf "Name" is
// "Queue.Name"), as JSON paths are. Values are written as text:
// timestamps (TIMESTAMP in any unit, and INT96) as RFC 3339, with Z when
// the column is adjusted to UTC and without an offset otherwise; DATE as
// 2006-01-02; TIME as 15:04:05.999999999; DECIMAL as its decimal value;
// numbers as Go writes them; null as empty. A repeated column holds its
// values joined by commas.
type parquetReader struct {
	f      *parquet.File
	hdr    []string
	conv   []func(parquet.Value) string
	groups []parquet.RowGroup
	g      int // next row group
	rows   parquet.Rows
	eof    bool // rows is at its end; closed once buf is read
	buf    []parquet.Row
	n, i   int // rows in buf, next row in buf
	row    int // rows read, for record.line
}

func (r *parquetReader) header() []string { return r.hdr }

// ParquetFile is what a Source's reader implements to have a Parquet
// file read in place, row group by row group: *os.File does.
type ParquetFile interface {
	io.ReaderAt
	Stat() (os.FileInfo, error)
}

// openParquet opens a Parquet source: src.R itself when it is a regular
// file (a ParquetFile) and not gzip'd, else the bytes read through br, at
// most MaxParquetSpool of them.
func openParquet(src Source, br *bufio.Reader, gz bool) (*parquetReader, error) {
	var ra io.ReaderAt
	var size int64
	if f, ok := src.R.(ParquetFile); ok && !gz {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			ra, size = f, st.Size()
		}
	}
	if ra == nil {
		b, err := io.ReadAll(io.LimitReader(br, MaxParquetSpool+1))
		if err != nil {
			return nil, fmt.Errorf("parquet: %w", err)
		}
		if len(b) > MaxParquetSpool {
			return nil, fmt.Errorf("parquet: more than %d MiB from a pipe or a gzip stream; give the Parquet file itself, uncompressed (Parquet compresses its pages)", MaxParquetSpool>>20)
		}
		ra, size = bytes.NewReader(b), int64(len(b))
	}
	f, err := parquet.OpenFile(ra, size)
	if err != nil {
		return nil, fmt.Errorf("parquet: not a readable Parquet file: %w", err)
	}
	r := &parquetReader{f: f, groups: f.RowGroups(), buf: make([]parquet.Row, 256)}
	schema := f.Schema()
	for _, path := range schema.Columns() {
		leaf, _ := schema.Lookup(path...)
		r.hdr = append(r.hdr, strings.Join(path, "."))
		r.conv = append(r.conv, parquetText(leaf.Node.Type()))
	}
	if len(r.hdr) == 0 {
		return nil, errors.New("parquet: the schema has no columns")
	}
	return r, nil
}

func (r *parquetReader) next(rec *record) error {
	for r.i >= r.n {
		if r.rows != nil && r.eof {
			r.rows.Close()
			r.rows, r.eof = nil, false
		}
		if r.rows == nil {
			if r.g >= len(r.groups) {
				return io.EOF
			}
			r.rows = r.groups[r.g].Rows()
			r.g++
		}
		n, err := r.rows.ReadRows(r.buf)
		r.n, r.i = n, 0
		if err == io.EOF || (err == nil && n == 0) {
			r.eof = true
		} else if err != nil {
			return fmt.Errorf("parquet: row group %d: %w", r.g, err)
		}
	}
	row := r.buf[r.i]
	r.i++
	r.row++
	if cap(rec.fields) < len(r.hdr) {
		rec.fields = make([]string, len(r.hdr))
	}
	rec.fields = rec.fields[:len(r.hdr)]
	for i := range rec.fields {
		rec.fields[i] = ""
	}
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(r.hdr) || v.IsNull() {
			continue
		}
		s := r.conv[c](v)
		if rec.fields[c] != "" {
			s = rec.fields[c] + "," + s
		}
		rec.fields[c] = s
	}
	rec.line = r.row
	rec.err = nil
	rec.raw = encodeRaw(rec.fields)
	return nil
}

// julianUnixEpoch is the Julian day number of 1970-01-01, for INT96
// timestamps (nanoseconds of the day, then the Julian day, as Impala and
// Spark write them).
const julianUnixEpoch = 2440588

// parquetText returns how a leaf column's values are written as text.
func parquetText(t parquet.Type) func(parquet.Value) string {
	lt := t.LogicalType()
	var val format.LogicalTypeValue
	if lt != nil {
		val = lt.Value
	}
	switch l := val.(type) {
	case *format.TimestampType:
		unit := timeUnit(l.Unit)
		return func(v parquet.Value) string {
			n := v.Int64()
			var t time.Time
			switch unit {
			case time.Millisecond:
				t = time.UnixMilli(n)
			case time.Microsecond:
				t = time.UnixMicro(n)
			default:
				t = time.Unix(0, n)
			}
			return formatInstant(t, l.IsAdjustedToUTC)
		}
	case *format.DateType:
		return func(v parquet.Value) string {
			return time.Unix(int64(v.Int32())*86400, 0).UTC().Format("2006-01-02")
		}
	case *format.TimeType:
		unit := timeUnit(l.Unit)
		return func(v parquet.Value) string {
			n := v.Int64()
			if t.Kind() == parquet.Int32 {
				n = int64(v.Int32())
			}
			return time.Unix(0, 0).UTC().Add(time.Duration(n) * unit).Format("15:04:05.999999999")
		}
	case *format.DecimalType:
		scale := int(l.Scale)
		return func(v parquet.Value) string {
			var n big.Int
			switch t.Kind() {
			case parquet.Int32:
				n.SetInt64(int64(v.Int32()))
			case parquet.Int64:
				n.SetInt64(v.Int64())
			default: // big-endian two's complement
				b := v.ByteArray()
				n.SetBytes(b)
				if len(b) > 0 && b[0]&0x80 != 0 {
					n.Sub(&n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
				}
			}
			return new(big.Rat).SetFrac(&n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)).FloatString(scale)
		}
	}
	switch t.Kind() {
	case parquet.Boolean:
		return func(v parquet.Value) string { return strconv.FormatBool(v.Boolean()) }
	case parquet.Int32:
		return func(v parquet.Value) string { return strconv.FormatInt(int64(v.Int32()), 10) }
	case parquet.Int64:
		return func(v parquet.Value) string { return strconv.FormatInt(v.Int64(), 10) }
	case parquet.Int96:
		return func(v parquet.Value) string {
			i := v.Int96()
			nanos := int64(i[1])<<32 | int64(i[0])
			day := int64(i[2]) - julianUnixEpoch
			return formatInstant(time.Unix(day*86400, nanos), true)
		}
	case parquet.Float:
		return func(v parquet.Value) string { return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32) }
	case parquet.Double:
		return func(v parquet.Value) string { return strconv.FormatFloat(v.Double(), 'g', -1, 64) }
	}
	return func(v parquet.Value) string { return string(v.ByteArray()) }
}

func timeUnit(u format.TimeUnit) time.Duration {
	switch u.Value.(type) {
	case *format.MilliSeconds:
		return time.Millisecond
	case *format.MicroSeconds:
		return time.Microsecond
	}
	return time.Nanosecond
}

// formatInstant writes a timestamp as RFC 3339: in UTC with Z when the
// column holds instants, as a naive local time otherwise.
func formatInstant(t time.Time, utc bool) string {
	t = t.UTC()
	if utc {
		return t.Format(time.RFC3339Nano)
	}
	return t.Format("2006-01-02T15:04:05.999999999")
}
