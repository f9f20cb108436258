package main

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// Printing. Every sheet carries its own page setup, so that printing the
// workbook gives pages a person can read: wide sheets print landscape,
// tables fit one page wide with their header row and first column repeated
// on every page, and each page's footer names the sheet and the page.
//
// Sheets that need page breaks of their own (a week of the roster, a day
// of the intraday grid, one chart) print at a fixed scale computed here
// instead: Excel ignores manual page breaks once "fit to" scaling is on
// (Microsoft, "Insert, move, or delete page breaks in a worksheet").

// Page margins, in inches.
const (
	printMarginLeft   = 0.4
	printMarginRight  = 0.4
	printMarginTop    = 0.5
	printMarginBottom = 0.6
	printMarginHeader = 0.25
	printMarginFooter = 0.3
)

// printArea is the usable width and height of a page inside the margins,
// in points, on the paper common to A4 (595 × 842 pt) and US Letter
// (612 × 792 pt): 595 × 792, so that a computed scale fits either.
func printArea(landscape bool) (w, h float64) {
	if landscape {
		return 792 - (printMarginLeft+printMarginRight)*72, 595 - (printMarginTop+printMarginBottom)*72
	}
	return 595 - (printMarginLeft+printMarginRight)*72, 792 - (printMarginTop+printMarginBottom)*72
}

// printFooter names the sheet (&A) on the left and the page (&P of &N) on
// the right: the codes of the SpreadsheetML header and footer grammar
// (ECMA-376 Part 1, §18.3.1.46 oddFooter).
const printFooter = "&L&8&A&R&8Page &P of &N"

// pageSetup is how one sheet prints.
type pageSetup struct {
	Landscape bool
	// Scale is a fixed print scale in percent (10 to 400); 0 fits the
	// sheet to one page wide, as many pages tall as it takes.
	Scale int
	// TitleRows and TitleCols are repeated on every page, e.g. "$1:$1"
	// and "$A:$A"; "" repeats none.
	TitleRows, TitleCols string
	// BreaksBefore are the 1-based rows that begin a new page (row 1
	// begins the first).
	BreaksBefore []int
}

// newPrintedStream adds sheet, applies ps and starts streaming it with the
// given frozen panes: setPrint must come before NewStreamWriter.
func newPrintedStream(f *excelize.File, sheet string, ps pageSetup, panes *excelize.Panes) (*excelize.StreamWriter, error) {
	if _, err := f.NewSheet(sheet); err != nil {
		return nil, err
	}
	if err := setPrint(f, sheet, ps); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	return sw, sw.SetPanes(panes)
}

// setPrint applies ps to sheet. For a streamed sheet it must run before
// NewStreamWriter, which copies the sheet's properties when it starts.
func setPrint(f *excelize.File, sheet string, ps pageSetup) error {
	orient := "portrait"
	if ps.Landscape {
		orient = "landscape"
	}
	layout := &excelize.PageLayoutOptions{Orientation: &orient}
	fit := ps.Scale == 0
	if fit {
		one, any := 1, 0
		layout.FitToWidth, layout.FitToHeight = &one, &any
	} else {
		s := uint(min(400, max(10, ps.Scale)))
		layout.AdjustTo = &s
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	l, r, t, b, h, ft := printMarginLeft, printMarginRight, printMarginTop, printMarginBottom, printMarginHeader, printMarginFooter
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &t, Bottom: &b, Header: &h, Footer: &ft}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: printFooter}); err != nil {
		return err
	}
	var titles string
	for _, part := range []string{ps.TitleCols, ps.TitleRows} {
		if part == "" {
			continue
		}
		if titles != "" {
			titles += ","
		}
		titles += "'" + sheet + "'!" + part
	}
	if titles != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}); err != nil {
			return err
		}
	}
	for _, r := range ps.BreaksBefore {
		if r <= 1 {
			continue
		}
		if err := f.InsertPageBreak(sheet, fmt.Sprintf("A%d", r)); err != nil {
			return err
		}
	}
	return nil
}

// excelDefaultWidth is the width, in characters, of a column without one
// (excelize writes <sheetFormatPr> without a default width, so Excel's own
// 8.43 applies).
const excelDefaultWidth = 8.43

// columnPoints is the printed width of a column of w characters: Excel
// pads a column's character count (of the default font's widest digit, 7
// pixels in 11-point Calibri) with 5 pixels, and a pixel is 0.75 point at
// 96 dpi (Microsoft, "Description of how column widths are determined in
// Excel").
func columnPoints(w float64) float64 { return (math.Trunc(w*7+0.5) + 5) * 0.75 }

// tablePrint is the page setup of a table sheet whose columns are widths
// (in characters, 0 for the default): landscape when the columns do not fit
// a portrait page at 80 % or more, fit to one page wide, the header row
// and the first column repeated.
func tablePrint(widths []float64) pageSetup {
	var pt float64
	for _, w := range widths {
		if w == 0 {
			w = excelDefaultWidth
		}
		pt += columnPoints(w)
	}
	portrait, _ := printArea(false)
	return pageSetup{Landscape: pt > portrait/0.8, TitleRows: "$1:$1", TitleCols: "$A:$A"}
}

// blockScale is the print scale, in percent, at which content width points
// wide and blocks each height points tall fit a page one block per page,
// in the orientation that allows the larger scale; never above 100 % nor
// below floor (a taller block then continues on the next page).
func blockScale(width, height float64, floor int) (pct int, landscape bool) {
	best := func(l bool) float64 {
		w, h := printArea(l)
		return min(1, w/width, h/height)
	}
	p, l := best(false), best(true)
	s, landscape := p, false
	if l >= p {
		s, landscape = l, true
	}
	// Rounded down, and 4 % spare for the spreadsheet program's own
	// rounding of fonts, column widths and row heights.
	return max(floor, int(math.Floor(s*100))-4), landscape
}
