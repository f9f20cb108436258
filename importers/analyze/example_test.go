package analyze_test

import (
	"fmt"
	"time"

	"github.com/wfm-project/wfm/importers/analyze"
)

func ExampleEstimatePatience() {
	p, _ := analyze.EstimatePatience([]analyze.Wait{
		{Wait: 10 * time.Second, Abandoned: true},
		{Wait: 20 * time.Second},
		{Wait: 30 * time.Second, Abandoned: true},
	})
	fmt.Println(p.Mean, p.Low, p.High)
	// Output: 30s 7.503s 1m59.953s
}
