package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes, as DESIGN.md fixes them.
const (
	exitOK          = 0
	exitCheckFailed = 1 // a target missed, a rule broken, too many rejected rows
	exitInput       = 2 // usage or input error
)

// errCheckFailed marks a run whose inputs were fine but whose checks failed
// (a target missed, a rule broken, too many rejects). It maps to exit code 1.
var errCheckFailed = errors.New("check failed")

// checkFailedf returns an error that exits with code 1.
func checkFailedf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errCheckFailed}, args...)...)
}

// hintError carries an optional hint printed after the error line.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// withHint attaches a hint, printed as "wfm: hint: ..." after the error.
func withHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &hintError{err: err, hint: hint}
}

// exitCode picks the documented exit code for err.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errCheckFailed):
		return exitCheckFailed
	default:
		return exitInput
	}
}

// printError prints err once as "wfm: error: ..." and its hint, if any.
func printError(w io.Writer, err error) {
	msg := err.Error()
	// A check failure's own text is enough; drop the sentinel's prefix.
	msg = strings.TrimPrefix(msg, errCheckFailed.Error()+": ")
	fmt.Fprintf(w, "wfm: error: %s\n", termText(msg))
	var h *hintError
	if errors.As(err, &h) && h.hint != "" {
		fmt.Fprintf(w, "wfm: hint: %s\n", termText(h.hint))
	}
}
