package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Reading workbooks (wfm import of .xlsx, wfm validate and wfm simulate of
// a roster .xlsx) is bounded, so that a decompression bomb — a few MB of
// zip whose sheet inflates to gigabytes or to millions of rows — is refused
// before excelize parses it:
//
//   - the file itself and its parts inflated together are at most
//     maxWorkbookBytes (512 MiB): a roster of about three million activity
//     rows or a contact log of a million rows. The sizes are the ones the
//     zip's directory declares; archive/zip fails an entry that inflates
//     past its declared size, so they cannot lie.
//   - excelize keeps a part in memory when it is at most xlsxMemPart
//     (16 MiB, its own default); larger worksheets and shared strings are
//     spilled to the run's scratch directory (removed when the run ends, by
//     a signal too, see scratchDir) and streamed. The parts kept in memory
//     are at most maxWorkbookMemory (64 MiB) together.
//   - every part is scanned, inflating it once in 32 KiB pieces, before
//     excelize opens the workbook: a sheet has at most maxSheetRows rows
//     (Excel's own 1,048,576) and maxSheetCells cells (2^24), the shared
//     strings at most maxSharedStrings items (2^21), and no tag or text
//     between tags is longer than maxXMLRun (1 MiB; Excel holds at most
//     32,767 characters in a cell).
//
// Reading a workbook that passes therefore holds at most 64 MiB of parts,
// excelize's index of at most 2^21 shared strings (about 56 bytes each,
// 120 MiB) and one row of at most xlsxMaxColumns cells at a time; the scan
// itself holds 32 KiB. A refused workbook leaves no temporary file.
const (
	maxWorkbookBytes  = 512 << 20
	maxWorkbookMemory = 64 << 20
	xlsxMemPart       = 16 << 20
	maxSheetRows      = excelize.TotalRows // 1,048,576
	maxSheetCells     = 1 << 24
	maxSharedStrings  = 1 << 21
	maxXMLRun         = 1 << 20
	// xlsxMaxColumns bounds the cells of one row as it is read: Excel's
	// own 16,384 columns.
	xlsxMaxColumns = excelize.MaxColumns
)

// errWorkbookLimit is wrapped by every refusal of a workbook over a limit.
var errWorkbookLimit = errors.New("over the limit")

// openWorkbook reads a workbook from r, checks it against the limits above
// and opens it with excelize (raw cell values when raw is set). Errors name
// the sheet or part; the caller prefixes the file's name.
func openWorkbook(r io.Reader, raw bool) (*excelize.File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxWorkbookBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxWorkbookBytes {
		return nil, fmt.Errorf("the file is larger than %s, %w for a workbook", fmtBytes(maxWorkbookBytes), errWorkbookLimit)
	}
	if err := checkWorkbook(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      raw,
		UnzipSizeLimit:    maxWorkbookBytes,
		UnzipXMLSizeLimit: xlsxMemPart,
		TmpDir:            scratchDir(),
	})
	if err != nil {
		return nil, fmt.Errorf("not a readable workbook: %w", err)
	}
	return f, nil
}

// checkWorkbook checks the zip's declared sizes and scans every part.
func checkWorkbook(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("not a readable workbook: %w", err)
	}
	names := sheetNames(zr)
	label := func(part string) string {
		if n, ok := names[part]; ok {
			return "sheet " + n
		}
		return "part " + part
	}
	var total, inMemory uint64
	var biggest *zip.File
	for _, zf := range zr.File {
		size := zf.UncompressedSize64
		total += size
		if biggest == nil || size > biggest.UncompressedSize64 {
			biggest = zf
		}
		lower := strings.ToLower(zipName(zf))
		spilled := strings.HasPrefix(lower, "xl/worksheets/sheet") || lower == "xl/sharedstrings.xml"
		if !spilled || size <= xlsxMemPart {
			inMemory += size
		}
		if total > maxWorkbookBytes {
			if biggest.UncompressedSize64 > maxWorkbookBytes/2 {
				return fmt.Errorf("%s: inflates to %s, %w of %s for a workbook", label(zipName(biggest)), fmtBytes(biggest.UncompressedSize64), errWorkbookLimit, fmtBytes(maxWorkbookBytes))
			}
			return fmt.Errorf("the parts inflate to more than %s, %w for a workbook", fmtBytes(maxWorkbookBytes), errWorkbookLimit)
		}
	}
	if inMemory > maxWorkbookMemory {
		return fmt.Errorf("the parts read into memory inflate to %s, %w of %s", fmtBytes(inMemory), errWorkbookLimit, fmtBytes(maxWorkbookMemory))
	}
	for _, zf := range zr.File {
		name := zipName(zf)
		if strings.HasPrefix(strings.ToLower(name), "xl/media/") {
			continue // images: not XML, not read as tables
		}
		if err := scanPart(zf, strings.EqualFold(name, "xl/sharedStrings.xml")); err != nil {
			return fmt.Errorf("%s: %w", label(name), err)
		}
	}
	return nil
}

// zipName is an entry's name as excelize reads it (backslashes as slashes).
func zipName(zf *zip.File) string { return strings.ReplaceAll(zf.Name, "\\", "/") }

// sheetNames maps worksheet parts (xl/worksheets/sheet1.xml) to their sheet
// names, from xl/workbook.xml and its relationships; parts it cannot place
// are named by their path.
func sheetNames(zr *zip.Reader) map[string]string {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	names := map[string]string{}
	if readSmallXML(zr, "xl/workbook.xml", &wb) != nil || readSmallXML(zr, "xl/_rels/workbook.xml.rels", &rels) != nil {
		return names
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		if t, ok := target[s.RID]; ok {
			names[t] = s.Name
		}
	}
	return names
}

// readSmallXML decodes part name into v, reading at most 1 MiB of it.
func readSmallXML(zr *zip.Reader, name string, v any) error {
	for _, zf := range zr.File {
		if !strings.EqualFold(zipName(zf), name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		return xml.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(v)
	}
	return errNoPart
}

var errNoPart = errors.New("no such part")

// scanPart inflates one part and counts its rows, cells and (for the
// shared strings) items by their start tags, refusing it past the limits.
// Counting tags in the bytes counts at least the elements an XML parser
// sees (a tag in a comment is counted too), never fewer.
func scanPart(zf *zip.File, sharedStrings bool) error {
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("not a readable workbook: %w", err)
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 32<<10)
	var rows, cells, items, run int
	var tag [8]byte // the first bytes of the current tag's name
	n, inTag, inName := 0, false, false
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("not a readable workbook: %w", err)
		}
		run++
		if run > maxXMLRun {
			return fmt.Errorf("more than %s without a tag or inside one, %w (a cell holds at most 32,767 characters)", fmtBytes(maxXMLRun), errWorkbookLimit)
		}
		switch {
		case b == '<':
			inTag, inName, n, run = true, true, 0, 0
		case inName && (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '/' || b == '>'):
			inName = false
			name := tag[:min(n, len(tag))]
			if i := bytes.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			if n <= len(tag) {
				switch string(name) {
				case "row":
					rows++
					if rows > maxSheetRows {
						return fmt.Errorf("more than %d rows, %w (Excel's own)", maxSheetRows, errWorkbookLimit)
					}
				case "c":
					cells++
					if cells > maxSheetCells {
						return fmt.Errorf("more than %d cells, %w", maxSheetCells, errWorkbookLimit)
					}
				case "si":
					if sharedStrings {
						items++
						if items > maxSharedStrings {
							return fmt.Errorf("more than %d shared strings, %w", maxSharedStrings, errWorkbookLimit)
						}
					}
				}
			}
			if b == '>' {
				inTag, run = false, 0
			}
		case inName:
			if n < len(tag) {
				tag[n] = b
			}
			n++
		case b == '>' && inTag:
			inTag, run = false, 0
		}
	}
	return nil
}

// fmtBytes writes a size in MiB (rounded) or GiB.
func fmtBytes(n uint64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MiB", (n+(1<<19))>>20)
}
