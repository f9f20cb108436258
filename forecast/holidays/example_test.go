package holidays_test

import (
	"fmt"

	"github.com/wfm-project/wfm/forecast/holidays"
)

func ExampleYear() {
	hs, _ := holidays.Year("IL", 2026)
	for _, h := range hs[:4] {
		fmt.Println(h.Date.Format("2006-01-02 Mon"), h.Kind, h.Name)
	}
	// Output:
	// 2026-04-01 Wed eve Erev Pesach
	// 2026-04-02 Thu closed Pesach
	// 2026-04-08 Wed closed Seventh day of Pesach
	// 2026-04-22 Wed closed Yom HaAtzmaut
}

func ExampleBetween() {
	from, _ := holidays.Year("US", 2026)
	hs, _ := holidays.Between([]string{"US", "GB"}, from[len(from)-1].Date, from[len(from)-1].Date.AddDate(0, 0, 3))
	for _, h := range hs {
		fmt.Println(h.Date.Format("2006-01-02 Mon"), h.Country, h.Kind, h.Name)
	}
	// Output:
	// 2026-12-25 Fri GB closed Christmas Day
	// 2026-12-25 Fri US closed Christmas Day
	// 2026-12-26 Sat GB closed Boxing Day
	// 2026-12-28 Mon GB observed Boxing Day (observed)
}
