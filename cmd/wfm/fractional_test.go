package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A history with half-calls on an imputed interval forecasts; the forecast
// is not rounded to whole contacts first.
func TestForecastFractionalHistory(t *testing.T) {
	fx := campaignFixtures(t)
	h := fx["forecast_basic.txtar/history.csv"]
	frac := strings.Replace(h, "2026-01-05T09:00:00+02:00,retail,voice,40,40,0,189,", "2026-01-05T09:00:00+02:00,retail,voice,40.5,40.5,0,189,", 1)
	if frac == h {
		t.Fatal("fixture changed: the 09:00 row of 5 January is not there")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "history.csv")
	if err := os.WriteFile(in, []byte(frac), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"forecast", in, "--horizon", "1d", "--model", "median", "--backtest-origins", "1", "-o", filepath.Join(dir, "f.csv")}
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}
