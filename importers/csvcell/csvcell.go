// Package csvcell keeps text that came from input files from being run as a
// formula when a CSV file wfm wrote is opened in a spreadsheet (CSV or
// formula injection).
//
// OWASP's CSV Injection guidance (https://owasp.org/www-community/attacks/CSV_Injection)
// says to prefix a cell that begins with =, +, -, @, tab or carriage
// return with a single quote, so that Excel, LibreOffice and Google Sheets
// show it as text. Escape does that to a text cell; a cell that reads as a
// number (-5, +1.5e3) is left as it is, as a spreadsheet treats it as the
// number it is. Unescape undoes Escape, so wfm's own readers get back the
// queue or agent name that was written. A cell that already begins with
// quotes followed by such a character gets one more quote, so that
// Unescape(Escape(s)) == s for every s.
//
// It is a leaf: it imports nothing of wfm's, so forecast and scheduling,
// which write CSV files of their own, use it without depending on the
// importers.
package csvcell

import "strconv"

// Escape returns s, prefixed with ' when a spreadsheet would read it as a
// formula.
func Escape(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Unescape returns the text Escape was given.
func Unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// needsQuote reports whether s, after any leading quotes, begins with a
// character that starts a formula and is not a number.
func needsQuote(s string) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	if i == len(s) {
		return false
	}
	switch s[i] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		_, err := strconv.ParseFloat(s[i:], 64)
		return err != nil || i > 0
	}
	return false
}
