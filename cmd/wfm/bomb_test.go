package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// Decompression bombs for the tests, small on disk: a raw DEFLATE stream
// (RFC 1951) with fixed Huffman codes, a prefix as literals, then one unit
// repeated by back-references of 258 bytes (14 bits each: about 147 bytes
// out per byte in), then a suffix.

type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

// bits writes the n low bits of v, least significant first (RFC 1951 §3.1.1).
func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

// code writes a Huffman code of n bits, most significant bit first.
func (w *bitWriter) code(c uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

// lit writes a literal byte with the fixed code (RFC 1951 §3.2.6).
func (w *bitWriter) lit(b byte) {
	if b < 144 {
		w.code(0x30+uint64(b), 8)
	} else {
		w.code(0x190+uint64(b-144), 9)
	}
}

func (w *bitWriter) flush() []byte {
	if w.n > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.n = 0, 0
	}
	return w.buf
}

// deflateRepeat returns raw DEFLATE data inflating to prefix, unit × reps,
// suffix; len(unit) is 1 to 8.
func deflateRepeat(prefix, unit []byte, reps int64, suffix []byte) []byte {
	d := len(unit)
	if d < 1 || d > 8 || reps < 1 {
		panic("deflateRepeat: unit of 1 to 8 bytes, at least once")
	}
	w := &bitWriter{}
	w.bits(1, 1) // BFINAL
	w.bits(1, 2) // BTYPE 01: fixed Huffman codes
	for _, b := range prefix {
		w.lit(b)
	}
	for _, b := range unit {
		w.lit(b)
	}
	left := (reps - 1) * int64(d)
	// distance code and extra bits for d (RFC 1951 §3.2.5)
	dcode, dextra, dbits := uint64(d-1), uint64(0), uint(0)
	switch {
	case d == 5 || d == 6:
		dcode, dextra, dbits = 4, uint64(d-5), 1
	case d == 7 || d == 8:
		dcode, dextra, dbits = 5, uint64(d-7), 1
	}
	pos := int64(0)
	for ; left >= 258; left -= 258 {
		w.code(0xc5, 8) // symbol 285: length 258
		w.code(dcode, 5)
		w.bits(dextra, dbits)
		pos += 258
	}
	for i := int64(0); i < left; i++ {
		w.lit(unit[(pos+i)%int64(d)])
	}
	for _, b := range suffix {
		w.lit(b)
	}
	w.code(0, 7) // end of block
	return w.flush()
}

// crcRepeat is the CRC-32 and length of prefix, unit × reps, suffix.
func crcRepeat(prefix, unit []byte, reps int64, suffix []byte) (uint32, uint64) {
	c := crc32.ChecksumIEEE(prefix)
	chunk := bytes.Repeat(unit, 1<<16)
	for r := reps; r > 0; {
		k := min(r, 1<<16)
		c = crc32.Update(c, crc32.IEEETable, chunk[:k*int64(len(unit))])
		r -= k
	}
	c = crc32.Update(c, crc32.IEEETable, suffix)
	return c, uint64(len(prefix)) + uint64(reps)*uint64(len(unit)) + uint64(len(suffix))
}

// bombWorkbook writes a workbook whose one sheet, named sheet, is prefix,
// unit × reps, suffix inside <sheetData>.
func bombWorkbook(w io.Writer, sheet string, prefix, unit []byte, reps int64, suffix []byte) error {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + sheet + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, p := range parts {
		f, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	head := append([]byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`), prefix...)
	tail := append(append([]byte{}, suffix...), []byte(`</sheetData></worksheet>`)...)
	data := deflateRepeat(head, unit, reps, tail)
	crc, size := crcRepeat(head, unit, reps, tail)
	f, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc, CompressedSize64: uint64(len(data)), UncompressedSize64: size})
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

// bombGzip writes a gzip member (RFC 1952) inflating to prefix, unit × reps.
func bombGzip(w io.Writer, prefix, unit []byte, reps int64) error {
	data := deflateRepeat(prefix, unit, reps, nil)
	crc, size := crcRepeat(prefix, unit, reps, nil)
	hdr := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(size))
	for _, b := range [][]byte{hdr, data, trailer[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// bombs are the kinds the testscript command bomb writes.
var bombs = map[string]func(w io.Writer, sheet string) error{
	// a sheet inflating to 520 MiB of empty rows
	"bytes": func(w io.Writer, sheet string) error {
		return bombWorkbook(w, sheet, nil, []byte("<row/>"), 520<<20/6, nil)
	},
	// 2,000,000 empty rows (12 MB inflated)
	"rows": func(w io.Writer, sheet string) error {
		return bombWorkbook(w, sheet, nil, []byte("<row/>"), 2_000_000, nil)
	},
	// one row of 17,000,000 empty cells (68 MB inflated)
	"cells": func(w io.Writer, sheet string) error {
		return bombWorkbook(w, sheet, []byte("<row>"), []byte("<c/>"), 17_000_000, []byte("</row>"))
	},
	// one cell holding 2 MiB of text
	"text": func(w io.Writer, sheet string) error {
		return bombWorkbook(w, sheet, []byte(`<row><c t="inlineStr"><is><t>`), []byte("A"), 2<<20, []byte("</t></is></c></row>"))
	},
}

// cmdBomb is the testscript command `bomb KIND SHEET FILE` (a workbook, see
// bombs), `bomb gzip BYTES FILE` (a gzip of BYTES bytes of "a" and no
// newline) or `bomb gzipjson BYTES FILE` (the same after {"start":").
func cmdBomb(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: bomb KIND SHEET FILE | bomb gzip|gzipjson BYTES FILE")
	}
	f, err := os.Create(ts.MkAbs(args[2]))
	ts.Check(err)
	defer f.Close()
	if args[0] == "gzip" || args[0] == "gzipjson" {
		n, err := strconv.ParseInt(args[1], 10, 64)
		ts.Check(err)
		var prefix []byte
		if args[0] == "gzipjson" {
			prefix = []byte(`{"start":"`)
		}
		ts.Check(bombGzip(f, prefix, []byte("a"), n))
		return
	}
	mk, ok := bombs[args[0]]
	if !ok {
		ts.Fatalf("bomb: unknown kind %q", args[0])
	}
	ts.Check(mk(f, args[1]))
}

// cmdEmptyDir is the testscript command `emptydir DIR`: DIR holds nothing.
func cmdEmptyDir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: emptydir DIR")
	}
	ents, err := os.ReadDir(ts.MkAbs(args[0]))
	ts.Check(err)
	if (len(ents) == 0) == neg {
		names := ""
		for _, e := range ents {
			names += " " + e.Name()
		}
		ts.Fatalf("%s holds%s", args[0], names)
	}
}

// TestDeflateRepeat checks the hand-made DEFLATE streams against the
// standard library's inflater, so the bombs are what they say.
func TestDeflateRepeat(t *testing.T) {
	for _, unit := range []string{"a", "<c/>", "<row/>", "abcdefgh", "xyz"} {
		for _, reps := range []int64{1, 2, 100, 1000, 12345} {
			pre, suf := []byte("<p>"), []byte("</p>\n")
			data := deflateRepeat(pre, []byte(unit), reps, suf)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(data)))
			if err != nil {
				t.Fatalf("%q × %d: %v", unit, reps, err)
			}
			want := append(append(append([]byte{}, pre...), bytes.Repeat([]byte(unit), int(reps))...), suf...)
			if !bytes.Equal(got, want) {
				t.Fatalf("%q × %d: inflates to %d bytes, want %d", unit, reps, len(got), len(want))
			}
			if crc, n := crcRepeat(pre, []byte(unit), reps, suf); crc != crc32.ChecksumIEEE(want) || n != uint64(len(want)) {
				t.Fatalf("%q × %d: crcRepeat wrong", unit, reps)
			}
		}
	}
	var buf bytes.Buffer
	if err := bombGzip(&buf, nil, []byte("ab"), 5000); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || string(got) != string(bytes.Repeat([]byte("ab"), 5000)) {
		t.Fatalf("bombGzip: %d bytes, %v", len(got), err)
	}
}
