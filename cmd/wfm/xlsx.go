package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"
)

// Excel rendering. Sheets with one row per interval are written with
// excelize's streaming writer, so a year of 15-minute intervals stays fast and
// small in memory. Text that came from input files (agent, queue, vendor
// names) is always written as a string cell: excelize stores strings as
// inline or shared strings, never as formulas, so "=HYPERLINK(...)" or
// "+1-2" stay literally that.

// xlsxCell is one value for a worksheet row: a number, a time, or text.
type xlsxCell = any

// xlsxSheet is a simple table sheet: a header row and rows of values.
type xlsxSheet struct {
	Name   string
	Header []string
	Rows   [][]xlsxCell
	Widths map[int]float64 // 1-based column → width
	// Formats give number formats by 1-based column ("0.0", "0.00%"),
	// applied to numeric cells.
	Formats map[int]string
	// Print is the sheet's page setup; nil is tablePrint of its columns.
	Print *pageSetup
}

// printSetup is sh's page setup: Print, or tablePrint of its columns.
func (sh xlsxSheet) printSetup() pageSetup {
	if sh.Print != nil {
		return *sh.Print
	}
	widths := make([]float64, len(sh.Header))
	for c := range widths {
		widths[c] = sh.Widths[c+1]
	}
	return tablePrint(widths)
}

// xlsxStyles are the styles shared by every sheet of a workbook.
type xlsxStyles struct {
	header, dateTime, date, pct, num1, num2, text, bold int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"305496"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	fmtDT := "yyyy-mm-dd hh:mm"
	s.dateTime = mk(&excelize.Style{CustomNumFmt: &fmtDT})
	fmtD := "yyyy-mm-dd ddd"
	s.date = mk(&excelize.Style{CustomNumFmt: &fmtD})
	s.pct = mk(&excelize.Style{NumFmt: 10}) // 0.00%
	one := "0.0"
	s.num1 = mk(&excelize.Style{CustomNumFmt: &one})
	two := "0.00"
	s.num2 = mk(&excelize.Style{CustomNumFmt: &two})
	s.text = mk(&excelize.Style{NumFmt: 49}) // "@": text
	s.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return s, err
}

// cellValue turns a Go value into a streamed cell, with a style for times.
// Strings are wrapped with the text style so that Excel never reads them as
// numbers or formulas.
func (s xlsxStyles) cellValue(v xlsxCell) xlsxCell {
	switch x := v.(type) {
	case time.Time:
		// Excel has no time zones: write the site's wall clock.
		return excelize.Cell{StyleID: s.dateTime, Value: wallClock(x)}
	case string:
		return excelize.Cell{StyleID: s.text, Value: x}
	case excelize.Cell:
		return x
	}
	return v
}

// wallClock drops t's zone but keeps its wall-clock reading, which is what
// Excel shows.
func wallClock(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, 0, time.UTC)
}

// streamSheet writes a header and rows with the streaming writer, freezing
// the header row, setting an autofilter over the table and its page setup.
// before runs on the sheet before streaming starts (conditional formats
// must be set then).
func streamSheet(f *excelize.File, st xlsxStyles, sh xlsxSheet, before func() error) error {
	if _, err := f.NewSheet(sh.Name); err != nil {
		return err
	}
	if len(sh.Header) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(sh.Header), len(sh.Rows)+1)
		if err := f.AutoFilter(sh.Name, "A1:"+last, nil); err != nil {
			return err
		}
	}
	// After the autofilter, which replaces the sheet's properties.
	if err := setPrint(f, sh.Name, sh.printSetup()); err != nil {
		return err
	}
	if before != nil {
		if err := before(); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sh.Name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cols := make([]int, 0, len(sh.Widths))
	for c := range sh.Widths {
		cols = append(cols, c)
	}
	sort.Ints(cols) // map order would reorder <cols> from run to run
	for _, c := range cols {
		if err := sw.SetColWidth(c, c, sh.Widths[c]); err != nil {
			return err
		}
	}
	hdr := make([]any, len(sh.Header))
	for i, h := range sh.Header {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	colStyle := map[int]int{}
	fcols := make([]int, 0, len(sh.Formats))
	for c := range sh.Formats {
		fcols = append(fcols, c)
	}
	sort.Ints(fcols) // styles made in map order would number differently from run to run
	for _, c := range fcols {
		nf := sh.Formats[c]
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &nf})
		if err != nil {
			return err
		}
		colStyle[c] = id
	}
	row := make([]any, 0, len(sh.Header))
	for i, r := range sh.Rows {
		row = row[:0]
		for c, v := range r {
			if id, ok := colStyle[c+1]; ok {
				if x, isNum := v.(float64); isNum {
					row = append(row, excelize.Cell{StyleID: id, Value: x})
					continue
				}
			}
			row = append(row, st.cellValue(v))
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// writeXLSXTable writes one table as a one-sheet workbook: what `-o X.xlsx`
// does on every command that otherwise writes a CSV.
func writeXLSXTable(w io.Writer, sh xlsxSheet) error {
	f := newWorkbook()
	defer f.Close()
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
		return err
	}
	if err := streamSheet(f, st, sh, nil); err != nil {
		return err
	}
	return writeWorkbook(f, w)
}

// colName is the column letter of 1-based column c.
func colName(c int) string {
	s, _ := excelize.ColumnNumberToName(c)
	return s
}

// sheetRange is an absolute range reference for charts, e.g. 'Coverage'!$B$2:$B$97.
func sheetRange(sheet string, col, first, last int) string {
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, colName(col), first, colName(col), last)
}

// newWorkbook is excelize.NewFile with a zip writer that makes the same
// workbook the same bytes: excelize writes its streamed sheets in map order,
// so the archive's entries are sorted by name before they are written.
func newWorkbook() *excelize.File {
	f := excelize.NewFile(excelize.Options{TmpDir: scratchDir()})
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} })
	return f
}

// writeWorkbook writes f to w with its content types in a fixed order
// (excelize adds the image extensions in map order).
func writeWorkbook(f *excelize.File, w io.Writer) error {
	if ct := f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
		sort.SliceStable(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	}
	return f.Write(w)
}

// sortedZip is an excelize.ZipWriter that compresses each entry as it
// comes and writes the entries sorted by name on Close, without
// timestamps, so the archive depends on its contents alone.
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
}

type zipEntry struct {
	name       string
	compressed bytes.Buffer
	fw         *flate.Writer
	crc        uint32
	size       uint64
}

func (e *zipEntry) Write(p []byte) (int, error) {
	e.crc = crc32.Update(e.crc, crc32.IEEETable, p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	e := &zipEntry{name: name}
	fw, err := flate.NewWriter(&e.compressed, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	z.entries = append(z.entries, e)
	return e, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return fmt.Errorf("xlsx: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	sort.SliceStable(z.entries, func(i, j int) bool { return z.entries[i].name < z.entries[j].name })
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		if err := e.fw.Close(); err != nil {
			return err
		}
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.crc,
			CompressedSize64: uint64(e.compressed.Len()), UncompressedSize64: e.size}
		w, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := e.compressed.WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}
