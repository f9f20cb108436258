// Package forecast turns interval history into a forecast of offered volume,
// its p10–p90 band and handle time, per queue and interval.
//
// # Models
//
// Every model is a plain value implementing Model; its exported fields are
// its parameters and its zero value is usable:
//
//   - SeasonalNaive: last week repeated; the MASE scale and the yardstick.
//   - WeekdayMedian: the classic WFM "same weekday-interval over the last N
//     weeks", as a median (or, with Mean, an average) over normal days only.
//   - HoltWinters: Taylor's (2003) double-seasonal Holt-Winters, additive,
//     with an AR(1) error term, fitted by gonum's Nelder-Mead.
//   - MSTL: daily and weekly seasonal decomposition (Bandara, Hyndman &
//     Bergmeir 2021) with exponential smoothing of the adjusted series.
//   - TopDown: daily totals × intraday profiles (Gans, Koole & Mandelbaum
//     2003; Weinberg, Brown & Stroud 2007); with Calendar, month-start and
//     month-end effects on the daily totals.
//   - PoissonTrend: Poisson regression of counts on the weekday-interval
//     with a damped log-linear trend (Brown et al. 2005).
//   - Combination: the mean of several models (Bates & Granger 1969).
//
// # Holes and shocks
//
// A day is kept out of fitting when the user marks it (Input.Excluded,
// Event) or when its volume is under AnomalyLow or over AnomalyHigh times
// its weekday's median in the surrounding five weeks: holidays, outages and
// missing days do not poison weekday levels or profiles. A weekday-interval
// that was zero in each of the last ClosedWeeks normal weeks is closed and
// forecast as exactly 0.
//
// # Special days
//
// Options.Holidays names built-in calendars (package holidays: US, GB,
// GB-SCT, DE, ES, FR, IT, NL, IL). Their days are kept out of fitting, and each
// one in the horizon gets a volume ratio per interval learned from the
// history: from the same holiday in earlier years when the history has
// it, else from the history's other holidays of its group (closures,
// eves, civic days), each compared with the median of its weekday-interval
// over the normal days within five weeks, and shrunk towards the whole
// day's ratio by HolidayPrior; with nothing to learn from,
// DefaultHolidayRatio. A user's Event on the same day wins. Result's
// SpecialDays say what was done with each.
//
// # Choosing
//
// Backtest scores models by rolling-origin evaluation (Tashman 2000): at
// each origin a model sees only the history before it. WAPE, MASE (scaled by
// the in-sample weekly seasonal naive error, Hyndman & Koehler 2006) and
// bias are reported per model; Select and Run pick the lowest WAPE. Run's
// auto mode also scores the trimmed average of the TrimmedTop candidates
// of lowest backtest WAPE (Jose & Winkler 2008), each origin's ranking
// taken from the other origins so its score is out of sample too, and
// uses it when it scores lowest (reported as TrimmedName).
//
// # The band
//
// volume_p10 and volume_p90 are quantiles of a negative binomial around the
// forecast f: Poisson arrivals whose rate is f times a random level error
// of variance φ, so the variance is f + φ·f² (Jongbloed & Koole 2001;
// Avramidis, Deslauriers & L'Ecuyer 2004). The Poisson part is counting
// noise, which dominates small intervals and never lets a p10 fall to 0 at
// a large volume; φ is calibrated separately for each end of the band by
// split conformal prediction on the backtest (Vovk, Gammerman & Shafer
// 2005; Lei et al. 2018): each step's score is the dispersion it would take
// to reach its actual, ((a − f)²/z² − f)/f² with z = Φ⁻¹(0.9), and φ is the
// 90th percentile of the scores, pooled over hours (the score does not
// depend on the volume) but apart for the first forecast day and later
// days, leaving out days kept out of fitting. Coverage is measured
// leave-one-origin-out. See band.go.
//
// Run is the entry point of `wfm forecast` and `wfm plan`: it takes Series
// built by NewSeries from history points and returns forecast.csv rows.
package forecast
