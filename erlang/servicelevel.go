package erlang

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseServiceLevel parses a service-level target written as
// PERCENT/DURATION, e.g. "80/20s" (80 % of offered contacts answered within
// 20 seconds), into the fraction 0.80 and 20s. The percentage must lie
// strictly between 0 and 100; the answer time needs a unit ("20s", "1m").
// A number below 1 without a % sign is a fraction, as in the config's
// other targets: "0.8/20s" is 80 %, like "80/20s" and "80%/20s"; "1/20s"
// is refused as ambiguous (write 1%/20s); "0.5%/20s" is half a percent.
func ParseServiceLevel(s string) (float64, time.Duration, error) {
	pct, within, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, 0, fmt.Errorf("%w: service level %q: want PERCENT/TIME, e.g. 80/20s", ErrInvalid, s)
	}
	pct = strings.TrimSpace(pct)
	pct, hasPercent := strings.CutSuffix(pct, "%")
	p, err := strconv.ParseFloat(pct, 64)
	if err != nil || math.IsNaN(p) {
		return 0, 0, fmt.Errorf("%w: service level %q: percentage %q is not a number; the form is 80/20s", ErrInvalid, s, pct)
	}
	if !hasPercent && p == 1 {
		return 0, 0, fmt.Errorf("%w: service level %q: 1 is ambiguous; write 1%%/%s for one percent", ErrInvalid, s, strings.TrimSpace(within))
	}
	if !hasPercent && p > 0 && p < 1 {
		p *= 100 // a fraction: 0.8 is 80 %
	}
	if p <= 0 || p >= 100 {
		return 0, 0, fmt.Errorf("%w: service level %q: percentage must be between 0 and 100, exclusive", ErrInvalid, s)
	}
	within = strings.TrimSpace(within)
	if _, err := strconv.ParseFloat(within, 64); err == nil {
		return 0, 0, fmt.Errorf("%w: service level %q: answer time %q needs a unit; the form is 80/20s", ErrInvalid, s, within)
	}
	d, err := time.ParseDuration(within)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: service level %q: answer time %q is not a duration; the form is 80/20s", ErrInvalid, s, within)
	}
	if d < 0 {
		return 0, 0, fmt.Errorf("%w: service level %q: answer time must not be negative", ErrInvalid, s)
	}
	return p / 100, d, nil
}

// ServiceLevelTarget is a service-level target such as 80/20s. It
// implements the pflag.Value interface (Set, String, Type), so a command
// can take it as a flag and refuse a bad value while parsing.
type ServiceLevelTarget struct {
	Fraction float64       // 0.80 for 80 %
	Within   time.Duration // 20s
}

// Set parses s with ParseServiceLevel.
func (t *ServiceLevelTarget) Set(s string) error {
	f, d, err := ParseServiceLevel(s)
	if err != nil {
		return err
	}
	t.Fraction, t.Within = f, d
	return nil
}

// String formats the target as ParseServiceLevel reads it, e.g. "80/20s";
// "" when unset.
func (t ServiceLevelTarget) String() string {
	if t.Fraction == 0 {
		return ""
	}
	return strconv.FormatFloat(t.Fraction*100, 'f', -1, 64) + "/" + t.Within.String()
}

// Type names the flag's value type for help texts.
func (t ServiceLevelTarget) Type() string { return "service-level" }
