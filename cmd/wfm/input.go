package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/wfm-project/wfm/importers"
)

// openCSV opens one of the CSV files a wfm step writes for the next (want
// names it: "history.csv"), refusing a workbook or other binary file with
// a plain message instead of the CSV reader's complaint about its bytes.
// Lines longer than importers.MaxLineBytes stop the reader with an error.
func openCSV(path, want string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	head = head[:n]
	var problem string
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		problem = "is an Excel workbook (or another zip file), not CSV"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		problem = "is gzip-compressed; unpack it first (gunzip)"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		problem = "is UTF-16 text; save it as UTF-8 CSV"
	case bytes.IndexByte(head, 0) >= 0:
		problem = "is a binary file, not CSV"
	}
	if problem != "" {
		f.Close()
		return nil, withHint(fmt.Errorf("%s %s; want %s", path, problem, want),
			fmt.Sprintf("give the CSV file the previous step wrote (-o %s); its .xlsx form is for reading in a spreadsheet", want))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return csvInput{importers.LimitLines(f, importers.MaxLineBytes), f}, nil
}

// csvInput reads a file through a bound on its line length.
type csvInput struct {
	io.Reader
	f *os.File
}

func (c csvInput) Close() error { return c.f.Close() }

// readHistoryFile reads a history.csv (as wfm import writes it) and
// refuses one without rows.
func readHistoryFile(path string) ([]importers.HistoryRow, error) {
	f, err := openCSV(path, "history.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hist, err := importers.ReadHistory(f, path)
	if err != nil {
		return nil, err
	}
	if len(hist) == 0 {
		return nil, fmt.Errorf("%s: no history rows", path)
	}
	return hist, nil
}
