// Package importers reads contact-center logs of many shapes and turns them
// into interval history (history.csv, see DESIGN.md).
//
// # Sources
//
// A [Source] is a named byte stream. Its format is sniffed from its content,
// not its name: gzip (magic 1f 8b) is unwrapped first, then a ZIP header
// (PK\x03\x04) means an Excel workbook, read through
// [Options.OpenSpreadsheet] (this package does not link a spreadsheet
// library), PAR1 an Apache Parquet file (read row group by row group, see
// parquetReader), a first byte '{' means JSON Lines, and anything else is delimited
// text whose delimiter (tab, comma, semicolon or bar) is the one that occurs
// most often outside quotes in the header line. Delimited text follows RFC
// 4180 quoting: quoted fields may hold delimiters, doubled quotes and line
// breaks. A UTF-8 byte-order mark and CRLF line ends are accepted.
//
// # Mapping
//
// A [Preset] maps wfm's fields (arrival, date, outcome, handle, wait, queue,
// channel, count, abandoned, aht, asa, handle_start, handle_end, wait_start,
// wait_end) to a file's column names and says how to read each value
// (Preset.Formats). Presets are data: the built-in ones ([Presets]) describe
// the real files wfm is tested on, and a user's mapping is a Preset too.
//
// Rows are either single contacts (an arrival time, an optional outcome,
// handle and wait time) or already aggregated (an interval start in the
// arrival column and a count; optionally abandoned, AHT and ASA).
//
// # Aggregation
//
// Each contact falls in the interval [start, start+length) that holds its
// arrival, where start is the arrival's local wall-clock time in
// Options.Location floored to the interval length (interval lengths divide
// an hour, so the floor is the same in standard and daylight time). Interval
// starts are instants: a day on which the clocks go forward has 23 hours of
// intervals and one on which they go back has 25. A naive time that does
// not exist (in the hour skipped when clocks go forward) is moved forward,
// and one that exists twice (in the repeated hour) is taken at one of its
// occurrences; both are counted as warnings, since only an offset in the
// data can tell the two 01:30s apart. The history is dense: from
// the local midnight of the first day with data to the end of the last, every
// interval of every queue and channel is written, empty ones as zeros.
//
// The grid is bounded (Options.MaxRows, five million rows by default): a
// single mangled year would otherwise make a history millennia long, so such
// input fails with ErrSpan, naming the rows that hold the first and last
// dates.
//
// Offered = answered + abandoned. AHT is the mean handle time of answered
// contacts whose handle time is known; ASA is the mean wait of answered
// contacts whose wait is known.
//
// # Accounting
//
// Every data row of every source is counted once, as imported, excluded (an
// outcome mapped to "excluded", e.g. Technion's PHANTOM; the reason is the
// outcome value) or rejected (a value that cannot be read or is impossible:
// a negative or over-long handle or wait time, a negative count). Rejected
// rows are passed to Options.OnReject with file, line, raw text and reason.
// Values in columns listed in Preset.NonNegative that are negative are kept
// but counted as warnings, on imported and excluded rows alike: the
// Technion log's 25 negative vru_time values (21 AGENT, 2 HANG, 2 PHANTOM)
// are real calls whose arrival, vru_entry, is sound, so they are counted,
// not rejected.
//
// Rows where a single contact has no outcome column are answered. An
// aggregated row's count is offered; abandoned, when mapped, is part of it
// and the rest are answered.
//
// # Interval reports
//
// An aggregated row covers [start, start + its length). The length is the
// preset's LengthColumn (Avaya CMS's intrvl), else Preset.RowLength, else
// inferred at the end of the file from the gaps between the starts of its
// queue and channel (see endAggregated). A row no longer than the
// interval is counted in the interval holding its start; a longer one is
// spread over the intervals it covers (Options.Split): evenly, in
// proportion to the time it overlaps each, or by the profile of the finer
// data of the same queue and channel at the same weekday and time of day
// (the intraday profile of top-down forecasting: a total times the share
// each interval has at the same weekday and time, as the forecast
// package's calendar model spreads its daily totals). Split counts are fractional; each part keeps the row's AHT and
// ASA, weighted by its share of the row's answered contacts. Preset.Totals
// reads AHT and ASA columns that hold total seconds over a count, as
// interval tables store them.
//
// Reading streams: memory grows with the number of intervals, not rows,
// except that a file's aggregated rows are held until its end (about 100
// bytes a row), when their lengths are known.
// Delimited text is parsed in chunks on Options.Workers goroutines and
// counted in file order, so that the result, the rejects and the contacts
// passed to Options.OnContact are the same for any number of workers (see
// chunks.go).
package importers
