package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The analysis workbook of the bundled Technion log: one sheet a section,
// the heat map as colour-scaled numbers that match the JSON report's, two
// native charts (daily volume, AHT by hour), and the same bytes on a
// second run.
func TestAnalyzeWorkbook(t *testing.T) {
	dir := t.TempDir()
	log, _ := filepath.Abs("../../samples/technion_bank_feb1999.tsv.gz")
	out := filepath.Join(dir, "analysis.xlsx")
	args := []string{"analyze", log, "--preset", "technion", "--queue", "bank", "--interval", "30m", "--config", filepath.Join(dir, "none.yaml"), "-o", out}
	os.WriteFile(filepath.Join(dir, "none.yaml"), []byte("queues:\n  - {name: bank, channel: voice, service_level: 80/30s}\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "within 30s") {
		t.Errorf("the config's 80/30s target not used:\n%s", stdout.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Daily", "Heatmap", "Hourly", "Durations", "Busiest", "Quality", "Charts"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	cf, err := f.GetConditionalFormats("Heatmap")
	if err != nil || len(cf["B3:H26"]) != 1 || cf["B3:H26"][0].Type != "2_color_scale" {
		t.Errorf("heat map conditional formats %+v (%v)", cf, err)
	}
	// Monday (column C) at 10:00 (row 3 + 10): the mean of four Mondays.
	v, _ := f.GetCellValue("Heatmap", "C13")
	if v != "115.75" {
		t.Errorf("Heatmap C13 = %q, want 115.75 (463 calls over 4 Mondays, as TestTechnionReport counts them)", v)
	}
	if v, _ := f.GetCellValue("Summary", "P2"); !strings.HasPrefix(v, "5m47.7s (95% 5m37s … 5m58.8s)") {
		t.Errorf("Summary patience %q", v)
	}
	if v, _ := f.GetCellValue("Daily", "E2"); v != "1551" {
		t.Errorf("Daily E2 (offered on 1 February) = %q", v)
	}
	raw, _ := os.ReadFile(out)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	refs := ""
	for _, e := range zr.File {
		if strings.HasPrefix(e.Name, "xl/charts/chart") {
			charts++
			rc, _ := e.Open()
			b := new(bytes.Buffer)
			b.ReadFrom(rc)
			rc.Close()
			refs += b.String()
		}
	}
	// the daily chart reads the 28 days of February, the hourly one 24 hours
	for _, ref := range []string{"&#39;Daily&#39;!$E$2:$E$29", "&#39;Daily&#39;!$G$2:$G$29", "&#39;Hourly&#39;!$G$2:$G$25"} {
		if !strings.Contains(refs, ref) {
			t.Errorf("no chart reads %s", ref)
		}
	}
	if charts != 2 {
		t.Errorf("%d charts, want 2", charts)
	}
	stdout.Reset()
	out2 := filepath.Join(dir, "again.xlsx")
	args[len(args)-1] = out2
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if raw2, _ := os.ReadFile(out2); !bytes.Equal(raw, raw2) {
		t.Errorf("two runs wrote different workbooks")
	}
}

// The text report fits in 120 columns, whatever the queue's name.
func TestAnalyzeTextWidth(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "history.csv")
	rows := "interval_start,queue,channel,offered,answered,abandoned,aht_seconds,asa_seconds\n"
	for d := 1; d <= 28; d++ {
		for h := 7; h < 20; h++ {
			rows += fmt.Sprintf("1999-02-%02dT%02d:00:00+02:00,a queue with a rather long name for a table cell,voice,%d,%d,1,180.5,12.25\n", d, h, 10+h, 9+h)
		}
	}
	os.WriteFile(hist, []byte(rows), 0o644)
	os.WriteFile(filepath.Join(dir, "none.yaml"), []byte("shrinkage: 0.3\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"analyze", hist, "--config", filepath.Join(dir, "none.yaml")}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for i, l := range strings.Split(stdout.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 120 {
			t.Errorf("line %d is %d columns: %s", i+1, n, l)
		}
	}
}
