package erlang

import (
	"testing"
	"time"
)

func TestParseServiceLevelForms(t *testing.T) {
	for _, c := range []struct {
		in   string
		frac float64
		d    time.Duration
	}{{"80/20s", 0.8, 20 * time.Second}, {"80%/20s", 0.8, 20 * time.Second}, {"0.8/20s", 0.8, 20 * time.Second},
		{"0.95/30s", 0.95, 30 * time.Second}, {"0.5%/20s", 0.005, 20 * time.Second}, {"1%/20s", 0.01, 20 * time.Second}} {
		f, d, err := ParseServiceLevel(c.in)
		if err != nil || d != c.d || f < c.frac-1e-12 || f > c.frac+1e-12 {
			t.Errorf("ParseServiceLevel(%q) = %v, %v, %v; want %v, %v", c.in, f, d, err, c.frac, c.d)
		}
	}
	for _, in := range []string{"1/20s", "100/20s", "0/20s", "-0.5/20s"} {
		if _, _, err := ParseServiceLevel(in); err == nil {
			t.Errorf("ParseServiceLevel(%q) accepted", in)
		}
	}
}
